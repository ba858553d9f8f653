package health.haven.gitops.repository;

import org.eclipse.jgit.lib.Repository;

/**
 * The repository's remote, if any: brought up to date before a commit is built, and given
 * the commit afterwards. Without a remote the local bare repository is the GitOps
 * repository itself.
 */
interface GitRemote {

	/**
	 * Makes the local branch what the remote has now.
	 */
	void refresh(Repository repository, String branch);

	/**
	 * Offers the batch's tip to the remote, expecting its branch still at the batch's
	 * base (none: {@code null}).
	 * @return whether it took the commits; false when the branch moved meanwhile and the
	 * changes must be built again on the new head
	 */
	boolean publish(Repository repository, String branch, Batch batch);

	/**
	 * Fetches everything the remote's branches hold into {@code refs/remotes/origin/},
	 * apart from the branch the writer works on: commits others made become known.
	 */
	void fetchAll(Repository repository);

	/**
	 * No remote: the local bare repository is the GitOps repository.
	 */
	GitRemote NONE = new GitRemote() {

		@Override
		public void refresh(Repository repository, String branch) {
		}

		@Override
		public boolean publish(Repository repository, String branch, Batch batch) {
			return true;
		}

		@Override
		public void fetchAll(Repository repository) {
		}

	};

}
