/**
 * Environment pages: my teams' environments with their health, and each environment with
 * its live status, history, parameters and the requests that shaped it.
 */
package health.haven.ui.environment;
