/**
 * The audit page for auditors and platform administrators: the trail with filters, its
 * verification, and an export as CSV.
 */
package health.haven.ui.audit;
