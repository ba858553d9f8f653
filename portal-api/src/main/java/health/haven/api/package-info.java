/**
 * The REST API v1 ticketing systems and scripts rely on, its security (JWT resource
 * server and, on a first run, the embedded authorization server issuing
 * client-credentials tokens), problem details, and how the portal runs (embedded
 * PostgreSQL, demo accounts). No business rules live here.
 */
package health.haven.api;
