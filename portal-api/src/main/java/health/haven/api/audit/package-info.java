/**
 * The audit trail over the API: its rows (filters, cursor paging) and the verification of
 * its hash chain.
 */
package health.haven.api.audit;
