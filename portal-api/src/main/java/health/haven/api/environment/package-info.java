/**
 * Environments over the API: the list (filters, cursor paging) and each environment with
 * what shaped it and what its GitOps controller last said.
 */
package health.haven.api.environment;
