/**
 * Per-key limits: a {@link io.github.leakybucket.limits.LimitResolver} gives one key of a bucket its own capacity and
 * drain time, from static overrides or from a key/value store.
 */
package io.github.leakybucket.limits;
