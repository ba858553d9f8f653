package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
	 * keeps no empty folders). The parent's entries are copied as they are, in one pass
	 * beside the few edited ones: a team's folder of thousands of environments costs a
	 * copy, not a sorted map of them.
	 */
	private ObjectId rewrite(ObjectId base, Edit edit) throws IOException {
		byte[] raw = (base != null && !edit.replace) ? this.reader.open(base, Constants.OBJ_TREE).getCachedBytes()
				: null;
		List<Edited> edited = new ArrayList<>(edit.children.size());
		edit.children.forEach((name, change) -> edited.add(new Edited(name.getBytes(StandardCharsets.UTF_8), change)));
		// the parent's entries at the edited names, and the size of all the others
		CanonicalTreeParser parser = new CanonicalTreeParser();
		int size = 0;
		if (raw != null) {
			for (parser.reset(raw); !parser.eof(); parser.next()) {
				Edited at = find(edited, parser);
				if (at != null) {
					at.existing = new Entry(parser.getEntryFileMode(), parser.getEntryObjectId());
				}
				else {
					size += TreeFormatter.entrySize(parser.getEntryFileMode(), parser.getNameLength());
				}
			}
		}
		boolean changed = raw == null;
		List<Edited> written = new ArrayList<>(edited.size());
		for (Edited child : edited) {
			Entry existing = child.existing;
			Edit change = child.change;
			if (change.blob != null) {
				child.replacement = new Entry(FileMode.REGULAR_FILE, change.blob);
			}
			else if (change.tree != null) {
				// a folder replaced by a tree built elsewhere; an empty one is no folder
				child.replacement = isEmpty(change.tree) ? null : new Entry(FileMode.TREE, change.tree);
			}
			else {
				ObjectId subtree = rewrite((existing != null && existing.mode == FileMode.TREE) ? existing.id : null,
						change);
				child.replacement = (subtree != null) ? new Entry(FileMode.TREE, subtree) : null;
			}
			changed |= !Objects.equals(existing, child.replacement);
			if (child.replacement != null) {
				written.add(child);
				size += TreeFormatter.entrySize(child.replacement.mode, child.name.length);
			}
		}
		if (!changed) {
			// the edits leave this tree as it was (a file removed that was not there, a
			// file written as it is): its id again, not the same tree formatted anew
			return base;
		}
		if (size == 0) {
			return null;
		}
		written.sort((a, b) -> compare(a.name, a.name.length, a.replacement.mode == FileMode.TREE, b.name, 0,
				b.name.length, b.replacement.mode == FileMode.TREE));
		// sized up front: a tree larger than TreeFormatter's default buffer otherwise
		// goes through an overflow buffer and a stream
		TreeFormatter formatter = new TreeFormatter(size);
		int next = 0;
		if (raw != null) {
			for (parser.reset(raw); !parser.eof(); parser.next()) {
				if (find(edited, parser) != null) {
					continue;
				}
				byte[] path = parser.getEntryPathBuffer();
				boolean tree = parser.getEntryFileMode() == FileMode.TREE;
				for (; next < written.size() && compare(written.get(next).name, written.get(next).name.length,
						written.get(next).replacement.mode == FileMode.TREE, path, parser.getNameOffset(),
						parser.getNameLength(), tree) < 0; next++) {
					append(formatter, written.get(next));
				}
				formatter.append(path, parser.getNameOffset(), parser.getNameLength(), parser.getEntryFileMode(),
						parser.idBuffer(), parser.idOffset());
			}
		}
		for (; next < written.size(); next++) {
			append(formatter, written.get(next));
		}
		return this.inserter.insert(formatter);
	}

	private static void append(TreeFormatter formatter, Edited child) {
		formatter.append(child.name, child.replacement.mode, child.replacement.id);
	}

	/**
	 * The edit at the parser's entry, if any: compared byte by byte, as a folder holds
	 * far more entries than edits.
	 */
	private static Edited find(List<Edited> edited, CanonicalTreeParser parser) {
		byte[] path = parser.getEntryPathBuffer();
		int offset = parser.getNameOffset();
		int length = parser.getNameLength();
		for (Edited child : edited) {
			if (Arrays.equals(child.name, 0, child.name.length, path, offset, offset + length)) {
				return child;
			}
		}
		return null;
	}

	private static boolean isEmpty(ObjectId tree) {
		return ObjectId.fromString(GitOpsRepository.EMPTY_TREE).equals(tree);
	}

	/**
	 * Git's order of the entries of a tree: by name, a folder's as if it ended in '/'.
	 * The first name starts at offset 0.
	 */
	private static int compare(byte[] a, int aLength, boolean aTree, byte[] b, int bOffset, int bLength,
			boolean bTree) {
		int common = Math.min(aLength, bLength);
		int mismatch = Arrays.mismatch(a, 0, common, b, bOffset, bOffset + common);
		if (mismatch >= 0) {
			return (a[mismatch] & 0xff) - (b[bOffset + mismatch] & 0xff);
		}
		int aNext = (aLength > common) ? (a[common] & 0xff) : (aTree ? '/' : 0);
		int bNext = (bLength > common) ? (b[bOffset + common] & 0xff) : (bTree ? '/' : 0);
		return aNext - bNext;
	}

	/**
	 * An edited name of a tree, with what the parent held there and what takes its place
	 * ({@code null}: nothing).
	 */
	private static final class Edited {

		private final byte[] name;

		private final Edit change;

		private Entry existing;

		private Entry replacement;

		Edited(byte[] name, Edit change) {
			this.name = name;
			this.change = change;
		}

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
