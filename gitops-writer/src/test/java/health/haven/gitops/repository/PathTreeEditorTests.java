package health.haven.gitops.repository;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path-local tree editor makes exactly the tree JGit's index would make from the
 * whole parent tree, for any sequence of changes.
 */
class PathTreeEditorTests {

	@TempDir
	Path folder;

	@Test
	void makesTheSameTreesAsAFullIndexForRandomChanges() throws Exception {
		Random random = new Random(42);
		try (Repository repository = Git.init().setBare(true).setDirectory(this.folder.toFile()).call().getRepository();
				ObjectInserter inserter = repository.newObjectInserter();
				ObjectReader reader = inserter.newReader()) {
			PathTreeEditor editor = new PathTreeEditor(reader, inserter);
			ObjectId tree = null;
			for (int i = 0; i < 300; i++) {
				RepositoryChange change = randomChange(random);
				ObjectId expected = withIndex(tree, change, reader, inserter);
				ObjectId actual = editor.apply(tree, change, editor.treeOf(change.folderFiles()));
				assertThat(actual).as("change %d to %s", i, change.ownedFolder()).isEqualTo(expected);
				tree = actual;
			}
		}
	}

	@Test
	void keepsTheIdsOfUntouchedSubtrees() throws Exception {
		try (Repository repository = Git.init().setBare(true).setDirectory(this.folder.toFile()).call().getRepository();
				ObjectInserter inserter = repository.newObjectInserter();
				ObjectReader reader = inserter.newReader()) {
			PathTreeEditor editor = new PathTreeEditor(reader, inserter);
			ObjectId first = apply(editor, null, change("environments/finance/erp", "a"));
			ObjectId second = apply(editor, first, change("environments/payroll/erp", "b"));
			ObjectId third = apply(editor, second, change("environments/payroll/erp", "c"));
			assertThat(subtree(repository, second, "environments/finance"))
				.isEqualTo(subtree(repository, first, "environments/finance"))
				.isEqualTo(subtree(repository, third, "environments/finance"));
			assertThat(subtree(repository, third, "environments/payroll"))
				.isNotEqualTo(subtree(repository, second, "environments/payroll"));
		}
	}

	@Test
	void removingAFileThatIsNotThereWritesNoTreeOfItsFolder() throws Exception {
		try (Repository repository = Git.init().setBare(true).setDirectory(this.folder.toFile()).call().getRepository();
				ObjectInserter inserter = repository.newObjectInserter();
				ObjectReader reader = inserter.newReader()) {
			ObjectId first = apply(new PathTreeEditor(reader, inserter), null,
					new RepositoryChange(UUID.randomUUID(), "environments/finance/erp",
							Map.of("environments/finance/erp/deployment.yaml", bytes("a"),
									"clusters/shared/teams/finance/erp.yaml", bytes("kind: Application")),
							"m"));
			// the next change removes where an earlier layout put the controller object:
			// not there, so the cluster's folder is left exactly as it is, not written
			// again
			Set<ObjectId> written = new HashSet<>();
			ObjectInserter recording = new ObjectInserter.Filter() {
				@Override
				protected ObjectInserter delegate() {
					return inserter;
				}

				@Override
				public ObjectId insert(int type, byte[] data, int off, int len) throws java.io.IOException {
					ObjectId id = super.insert(type, data, off, len);
					if (type == Constants.OBJ_TREE) {
						written.add(id);
					}
					return id;
				}
			};
			Map<String, byte[]> files = new LinkedHashMap<>();
			files.put("environments/finance/erp/deployment.yaml", bytes("b"));
			files.put("clusters/shared/teams/finance/erp.yaml", bytes("kind: Application"));
			files.put("clusters/shared/finance-erp.yaml", null);
			ObjectId second = apply(new PathTreeEditor(reader, recording), first,
					new RepositoryChange(UUID.randomUUID(), "environments/finance/erp", files, "m"));
			assertThat(subtree(repository, second, "clusters")).isEqualTo(subtree(repository, first, "clusters"));
			assertThat(written).doesNotContain(subtree(repository, first, "clusters"),
					subtree(repository, first, "clusters/shared"));
			assertThat(written).contains(subtree(repository, second, "environments/finance/erp"));
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static ObjectId apply(PathTreeEditor editor, ObjectId base, RepositoryChange change) throws Exception {
		return editor.apply(base, change, editor.treeOf(change.folderFiles()));
	}

	private static RepositoryChange randomChange(Random random) {
		// few names, so that changes land on folders and files that exist, and names that
		// sort around "/" and "." ("a", "a-b", "a.b", "ab") exercise git's tree order
		String[] names = { "a", "a-b", "ab", "b0", "a0" };
		String team = names[random.nextInt(names.length)];
		String environment = names[random.nextInt(names.length)];
		Map<String, byte[]> files = new LinkedHashMap<>();
		int count = random.nextInt(4);
		for (int i = 0; i < count; i++) {
			String file = names[random.nextInt(names.length)];
			String path = "environments/" + team + "/" + environment + "/"
					+ (random.nextBoolean() ? file : file + "/" + names[random.nextInt(names.length)]) + ".yaml";
			files.put(path, ("n: " + random.nextInt(5) + "\n").getBytes(StandardCharsets.UTF_8));
		}
		if (random.nextBoolean()) {
			files.put("clusters/" + names[random.nextInt(names.length)] + "/" + team + "-" + environment + ".yaml",
					("c: " + random.nextInt(3) + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return new RepositoryChange(UUID.randomUUID(), "environments/" + team + "/" + environment, files, "m");
	}

	private static RepositoryChange change(String folder, String content) {
		return new RepositoryChange(UUID.randomUUID(), folder,
				Map.of(folder + "/deployment.yaml", content.getBytes(StandardCharsets.UTF_8)), "m");
	}

	/**
	 * The same change made the way the spine made it: the whole parent tree loaded into
	 * an index, the folder deleted, the files added.
	 */
	private static ObjectId withIndex(ObjectId base, RepositoryChange change, ObjectReader reader,
			ObjectInserter inserter) throws Exception {
		DirCache index = DirCache.newInCore();
		DirCacheBuilder builder = index.builder();
		if (base != null) {
			builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base);
		}
		builder.finish();
		DirCacheEditor removal = index.editor();
		removal.add(new DirCacheEditor.DeleteTree(change.ownedFolder()));
		removal.finish();
		DirCacheEditor additions = index.editor();
		for (Map.Entry<String, byte[]> file : change.files().entrySet()) {
			ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
			additions.add(new DirCacheEditor.PathEdit(file.getKey()) {
				@Override
				public void apply(DirCacheEntry entry) {
					entry.setFileMode(FileMode.REGULAR_FILE);
					entry.setObjectId(blob);
				}
			});
		}
		additions.finish();
		return index.writeTree(inserter);
	}

	private static ObjectId subtree(Repository repository, ObjectId tree, String path) throws Exception {
		try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
			return walk.getObjectId(0);
		}
	}

}
