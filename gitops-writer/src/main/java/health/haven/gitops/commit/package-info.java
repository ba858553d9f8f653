/**
 * The commit queue: approved changes wait here, durably, until the one writer commits
 * them. Changes that arrive together are committed in one pass (a commit each, one push);
 * a repository that cannot take them is tried again with backoff, and a crash at any
 * point neither loses a change nor writes it twice.
 */
package health.haven.gitops.commit;
