/**
 * Drift: hand edits of environment folders. A scheduled check compares what the
 * repository holds in each folder with what the writer expects there and flags the
 * difference on the environment, with the diff; a platform administrator's decision
 * (accept or discard) lets the changes held for the folder go, or writes back what the
 * portal wrote before.
 */
package health.haven.gitops.drift;
