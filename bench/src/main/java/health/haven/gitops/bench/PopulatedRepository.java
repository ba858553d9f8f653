package health.haven.gitops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * A GitOps repository that already holds many environment folders, laid out as the writer
 * lays them out: {@code environments/<team>/<environment>/} with the files of a real
 * render, and the controller object of each at
 * {@code clusters/<cluster>/teams/<team>/<environment>.yaml} (an {@code AppProject} per
 * team and cluster beside them).
 *
 * <p>
 * A hundred environments per team, five thousand per cluster (the first cluster is the
 * one the benchmark's own requests land on). Each folder's namespace and controller
 * object are its own; its other files are the template's, so that the repository holds
 * every tree of a real one of that size while it stays quick to build.
 */
public final class PopulatedRepository {

	static final int ENVIRONMENTS_PER_TEAM = 100;

	static final int ENVIRONMENTS_PER_CLUSTER = 5000;

	private PopulatedRepository() {
	}

	/**
	 * Creates the bare repository with one commit on {@code main} holding {@code folders}
	 * environment folders.
	 * @param template the files of one rendered environment, by their paths in the
	 * repository, rendered for {@code templateTeam}/{@code templateName} on
	 * {@code templateCluster}
	 */
	public static void create(Path directory, int folders, Map<String, byte[]> template, String templateTeam,
			String templateName, String templateCluster) throws IOException, GitAPIException {
		try (Git git = Git.init().setBare(true).setDirectory(directory.toFile()).setInitialBranch("main").call()) {
			Repository repository = git.getRepository();
			String folderPrefix = "environments/" + templateTeam + "/" + templateName + "/";
			Map<String, byte[]> folderFiles = new TreeMap<>();
			byte[] controller = null;
			byte[] project = null;
			for (Map.Entry<String, byte[]> file : template.entrySet()) {
				if (file.getKey().startsWith(folderPrefix)) {
					folderFiles.put(file.getKey().substring(folderPrefix.length()), file.getValue());
				}
				else if (file.getKey().contains("/projects/")) {
					project = file.getValue();
				}
				else {
					controller = file.getValue();
				}
			}
			try (ObjectInserter inserter = ((ObjectDirectory) repository.getObjectDatabase()).newPackInserter()) {
				Map<String, ObjectId> shared = new TreeMap<>();
				for (Map.Entry<String, byte[]> file : folderFiles.entrySet()) {
					shared.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue()));
				}
				Map<String, Map<String, ObjectId>> teams = new TreeMap<>();
				// cluster → team → its environments' controller objects
				Map<String, Map<String, Map<String, ObjectId>>> clusters = new TreeMap<>();
				Map<String, Map<String, ObjectId>> projects = new TreeMap<>();
				for (int i = 0; i < folders; i++) {
					String team = "team-%04d".formatted(i / ENVIRONMENTS_PER_TEAM);
					String name = "env-%03d".formatted(i % ENVIRONMENTS_PER_TEAM);
					String cluster = (i < ENVIRONMENTS_PER_CLUSTER) ? templateCluster
							: "cluster-%02d".formatted(i / ENVIRONMENTS_PER_CLUSTER);
					Map<String, ObjectId> files = new TreeMap<>(shared);
					files.put("namespace.yaml", inserter.insert(Constants.OBJ_BLOB,
							rename(folderFiles.get("namespace.yaml"), templateTeam, templateName, team, name)));
					teams.computeIfAbsent(team, (key) -> new TreeMap<>()).put(name, tree(inserter, files, Map.of()));
					clusters.computeIfAbsent(cluster, (key) -> new TreeMap<>())
						.computeIfAbsent(team, (key) -> new TreeMap<>())
						.put(name + ".yaml", inserter.insert(Constants.OBJ_BLOB,
								rename(controller, templateTeam, templateName, team, name)));
					Map<String, ObjectId> clusterProjects = projects.computeIfAbsent(cluster, (key) -> new TreeMap<>());
					if (project != null && !clusterProjects.containsKey(team + ".yaml")) {
						clusterProjects.put(team + ".yaml", inserter.insert(Constants.OBJ_BLOB,
								rename(project, templateTeam, templateName, team, name)));
					}
				}
				Map<String, ObjectId> teamTrees = new TreeMap<>();
				teams.forEach((team, environments) -> teamTrees.put(team, tree(inserter, Map.of(), environments)));
				Map<String, ObjectId> clusterTrees = new TreeMap<>();
				clusters.forEach((cluster, byTeam) -> {
					Map<String, ObjectId> subtrees = new TreeMap<>();
					if (!projects.getOrDefault(cluster, Map.of()).isEmpty()) {
						subtrees.put("projects", tree(inserter, projects.get(cluster), Map.of()));
					}
					Map<String, ObjectId> teamFolders = new TreeMap<>();
					byTeam.forEach((team, files) -> teamFolders.put(team, tree(inserter, files, Map.of())));
					subtrees.put("teams", tree(inserter, Map.of(), teamFolders));
					clusterTrees.put(cluster, tree(inserter, Map.of(), subtrees));
				});
				ObjectId root = tree(inserter, Map.of(), Map.of("environments", tree(inserter, Map.of(), teamTrees),
						"clusters", tree(inserter, Map.of(), clusterTrees)));
				PersonIdent ident = new PersonIdent("Bench", "bench@haven.example", Instant.now(), ZoneOffset.UTC);
				CommitBuilder commit = new CommitBuilder();
				commit.setTreeId(root);
				commit.setAuthor(ident);
				commit.setCommitter(ident);
				commit.setMessage("Populate " + folders + " environment folders\n");
				ObjectId id = inserter.insert(commit);
				inserter.flush();
				RefUpdate update = repository.updateRef("refs/heads/main");
				update.setNewObjectId(id);
				update.setExpectedOldObjectId(ObjectId.zeroId());
				RefUpdate.Result result = update.update();
				if (result != RefUpdate.Result.NEW) {
					throw new IOException("Could not create main: " + result);
				}
			}
		}
	}

	private static byte[] rename(byte[] content, String fromTeam, String fromName, String team, String name) {
		return new String(content, StandardCharsets.UTF_8).replace(fromTeam + "-" + fromName, team + "-" + name)
			.replace("/" + fromTeam + "/" + fromName, "/" + team + "/" + name)
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A tree of files and subtrees, in git's order (a subtree sorts as its name with a
	 * slash).
	 */
	private static ObjectId tree(ObjectInserter inserter, Map<String, ObjectId> files, Map<String, ObjectId> trees) {
		List<Map.Entry<String, ObjectId>> entries = new ArrayList<>();
		Map<String, Boolean> isTree = new LinkedHashMap<>();
		files.forEach((name, id) -> {
			entries.add(Map.entry(name, id));
			isTree.put(name, false);
		});
		trees.forEach((name, id) -> {
			entries.add(Map.entry(name, id));
			isTree.put(name, true);
		});
		entries.sort(Comparator.comparing(
				(Map.Entry<String, ObjectId> entry) -> entry.getKey() + (isTree.get(entry.getKey()) ? "/" : "")));
		TreeFormatter formatter = new TreeFormatter();
		for (Map.Entry<String, ObjectId> entry : entries) {
			formatter.append(entry.getKey(), isTree.get(entry.getKey()) ? FileMode.TREE : FileMode.REGULAR_FILE,
					entry.getValue());
		}
		try {
			return inserter.insert(formatter);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
