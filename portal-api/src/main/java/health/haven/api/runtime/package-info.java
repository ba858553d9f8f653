/**
 * How the portal runs: its settings, the embedded PostgreSQL of a first run, the demo
 * accounts.
 */
package health.haven.api.runtime;
