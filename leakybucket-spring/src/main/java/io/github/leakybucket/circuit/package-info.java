/**
 * The state of each bucket name's circuit breaker, read from the bucket storage for metrics, the Actuator endpoint
 * and health.
 */
package io.github.leakybucket.circuit;
