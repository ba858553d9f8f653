/**
 * Change windows over the API: the freezes per environment class, their next occurrences,
 * and a platform administrator defining and removing them.
 */
package health.haven.api.window;
