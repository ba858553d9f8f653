/**
 * Every API error as RFC 9457 problem details with a stable type URI: 400 with the
 * invalid fields, 403, 404, 409 for illegal transitions and conflicts. No stack trace or
 * infrastructure message reaches a client.
 */
package health.haven.api.problem;
