/**
 * The approval queue: what waits for the signed-in person's decision, with approve and
 * reject.
 */
package health.haven.ui.approval;
