/**
 * Spring Integration support: a {@code LockRegistry} of lease locks, for leader election and other distributed
 * locking in Spring Integration.
 */
@NullMarked
package io.github.leakybucket.integration;

import org.jspecify.annotations.NullMarked;
