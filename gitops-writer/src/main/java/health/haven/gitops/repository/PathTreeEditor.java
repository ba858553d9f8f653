package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Builds the tree of a commit from its parent's by rewriting only the trees on the
 * changed paths: every other subtree keeps its id and is never read. A commit costs the
 * size of the change and the depth of its paths, not the size of the repository.
 */
final class PathTreeEditor {

	private final ObjectReader reader;

	private final ObjectInserter inserter;

	PathTreeEditor(ObjectReader reader, ObjectInserter inserter) {
		this.reader = reader;
		this.inserter = inserter;
	}

	/**
	 * The tree with the change applied: its folder replaced by the given tree, and each
	 * other file of the change written as given (or removed, where it has no content).
	 * @param base the parent's tree; {@code null} for the first commit
	 */
	ObjectId apply(ObjectId base, RepositoryChange change, ObjectId folderTree) throws IOException {
		Edit root = new Edit();
		root.at(change.ownedFolder()).tree = folderTree;
		ObjectId nothing = null;
		for (Map.Entry<String, byte[]> file : change.otherFiles().entrySet()) {
			if (file.getValue() == null) {
				// removed: an empty tree in its place is no entry at all
				nothing = (nothing != null) ? nothing : this.inserter.insert(new TreeFormatter());
				root.at(file.getKey()).tree = nothing;
			}
			else {
				root.at(file.getKey()).blob = this.inserter.insert(Constants.OBJ_BLOB, file.getValue());
			}
		}
		ObjectId tree = rewrite(base, root);
		return (tree != null) ? tree : this.inserter.insert(new TreeFormatter());
	}

	/**
	 * The tree the files make, by their paths below it.
	 */
	ObjectId treeOf(Map<String, byte[]> files) throws IOException {
		Edit root = new Edit();
		root.replace = true;
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			root.at(file.getKey()).blob = this.inserter.insert(Constants.OBJ_BLOB, file.getValue());
		}
		ObjectId tree = rewrite(null, root);
		return (tree != null) ? tree : this.inserter.insert(new TreeFormatter());
	}

	/**
	 * The tree with the edits applied, or {@code null} when nothing is left in it (git
	 * keeps no empty folders).
	 */
	private ObjectId rewrite(ObjectId base, Edit edit) throws IOException {
		Map<byte[], Entry> entries = new TreeMap<>(GIT_ORDER_OF_NAMES);
		if (base != null && !edit.replace) {
			CanonicalTreeParser parser = new CanonicalTreeParser(null, this.reader, base);
			for (; !parser.eof(); parser.next()) {
				byte[] name = Arrays.copyOf(parser.getEntryPathBuffer(), parser.getNameLength());
				entries.put(name, new Entry(parser.getEntryFileMode(), parser.getEntryObjectId()));
			}
		}
		boolean changed = base == null || edit.replace;
		for (Map.Entry<String, Edit> child : edit.children.entrySet()) {
			byte[] name = child.getKey().getBytes(StandardCharsets.UTF_8);
			Edit change = child.getValue();
			Entry existing = entries.get(name);
			Entry replacement;
			if (change.blob != null) {
				replacement = new Entry(FileMode.REGULAR_FILE, change.blob);
			}
			else if (change.tree != null) {
				// a folder replaced by a tree built elsewhere; an empty one is no folder
				replacement = isEmpty(change.tree) ? null : new Entry(FileMode.TREE, change.tree);
			}
			else {
				ObjectId subtree = rewrite((existing != null && existing.mode == FileMode.TREE) ? existing.id : null,
						change);
				replacement = (subtree != null) ? new Entry(FileMode.TREE, subtree) : null;
			}
			if (replacement == null) {
				changed |= entries.remove(name) != null;
			}
			else {
				entries.put(name, replacement);
				changed |= existing == null || !existing.equals(replacement);
			}
		}
		if (!changed) {
			// the edits leave this tree as it was (a file removed that was not there, a
			// file written as it is): its id again, not the same tree formatted anew
			return base;
		}
		if (entries.isEmpty()) {
			return null;
		}
		// sized up front: a tree larger than TreeFormatter's default buffer (a cluster's
		// folder of thousands of controller objects) otherwise goes through an overflow
		// buffer and a stream
		int size = 0;
		for (Map.Entry<byte[], Entry> e : entries.entrySet()) {
			size += TreeFormatter.entrySize(e.getValue().mode, e.getKey().length);
		}
		TreeFormatter formatter = new TreeFormatter(size);
		// git orders a folder as if its name ended in '/'; the map is keyed by name only
		entries.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<byte[], Entry> e) -> sortKey(e.getKey(), e.getValue().mode),
					PathTreeEditor::compareBytes))
			.forEach((e) -> formatter.append(e.getKey(), e.getValue().mode, e.getValue().id));
		return this.inserter.insert(formatter);
	}

	private static boolean isEmpty(ObjectId tree) {
		return ObjectId.fromString(GitOpsRepository.EMPTY_TREE).equals(tree);
	}

	private static final Comparator<byte[]> GIT_ORDER_OF_NAMES = PathTreeEditor::compareBytes;

	private static byte[] sortKey(byte[] name, FileMode mode) {
		if (mode != FileMode.TREE) {
			return name;
		}
		byte[] key = Arrays.copyOf(name, name.length + 1);
		key[name.length] = '/';
		return key;
	}

	private static int compareBytes(byte[] a, byte[] b) {
		return Arrays.compareUnsigned(a, b);
	}

	private record Entry(FileMode mode, ObjectId id) {
	}

	/**
	 * What happens at one path: a file written, a folder replaced (by files, or by a tree
	 * built elsewhere), or edits below it.
	 */
	private static final class Edit {

		private final Map<String, Edit> children = new TreeMap<>();

		private boolean replace;

		private ObjectId blob;

		private ObjectId tree;

		Edit at(String path) {
			Edit edit = this;
			for (String segment : path.split("/")) {
				edit = edit.children.computeIfAbsent(segment, (name) -> new Edit());
			}
			return edit;
		}

	}

}
