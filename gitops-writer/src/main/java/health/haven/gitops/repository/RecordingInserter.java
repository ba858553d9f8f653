package health.haven.gitops.repository;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * An inserter that remembers every object given to it, whether or not the repository had
 * it already: what a pass wrote, and so what its push sends.
 */
final class RecordingInserter extends ObjectInserter.Filter {

	private final ObjectInserter delegate;

	private final Set<Batch.NewObject> inserted = new LinkedHashSet<>();

	RecordingInserter(ObjectInserter delegate) {
		this.delegate = delegate;
	}

	@Override
	protected ObjectInserter delegate() {
		return this.delegate;
	}

	@Override
	public ObjectId insert(int type, byte[] data) throws IOException {
		return record(type, this.delegate.insert(type, data));
	}

	@Override
	public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
		return record(type, this.delegate.insert(type, data, off, len));
	}

	@Override
	public ObjectId insert(int type, long length, InputStream in) throws IOException {
		return record(type, this.delegate.insert(type, length, in));
	}

	private ObjectId record(int type, ObjectId id) {
		this.inserted.add(new Batch.NewObject(id.copy(), type));
		return id;
	}

	List<Batch.NewObject> inserted() {
		return new ArrayList<>(this.inserted);
	}

}
