package health.haven.gitops.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.eclipse.jgit.lib.ObjectId;

/**
 * Commits built on each other on top of a branch head, one per change, ready to be
 * published together.
 *
 * @param base the head they were built on ({@code null}: the branch had no commit)
 * @param tip the last of them, or the base when no change needed a commit
 * @param commits for each change in order, the commit that holds it
 * @param objects every object the batch wrote (commits, trees, blobs): a push sends these
 * and no others, as the remote holds everything the base holds
 */
public record Batch(ObjectId base, ObjectId tip, List<Built> commits, List<NewObject> objects) {

	public Batch {
		commits = List.copyOf(commits);
		objects = List.copyOf(objects);
	}

	/**
	 * Whether publishing moves the branch.
	 */
	public boolean changesBranch() {
		return !Objects.equals(this.base, this.tip);
	}

	/**
	 * This batch and then {@code next}, built on this batch's tip: one push publishes
	 * both.
	 */
	public Batch followedBy(Batch next) {
		if (!Objects.equals(this.tip, next.base)) {
			throw new IllegalArgumentException(
					"A batch built on " + next.base + " cannot follow one ending at " + this.tip);
		}
		List<Built> joinedCommits = new ArrayList<>(this.commits);
		joinedCommits.addAll(next.commits);
		List<NewObject> joinedObjects = new ArrayList<>(this.objects);
		joinedObjects.addAll(next.objects);
		return new Batch(this.base, next.tip, joinedCommits, joinedObjects);
	}

	/**
	 * The commit that holds one change.
	 *
	 * @param created whether this batch made it; false when the branch already held the
	 * change and no commit was needed
	 * @param renderedTree the tree the change's files make of its folder
	 * @param folderTree the tree its folder has in the commit (the render, or the render
	 * merged onto an accepted hand edit)
	 */
	public record Built(UUID requestId, String sha, boolean created, String renderedTree, String folderTree) {
	}

	/**
	 * An object the batch wrote.
	 *
	 * @param type its git type ({@code Constants.OBJ_BLOB} and the others)
	 */
	public record NewObject(ObjectId id, int type) {
	}

}
