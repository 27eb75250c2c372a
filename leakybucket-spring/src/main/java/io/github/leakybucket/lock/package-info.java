/**
 * A {@link java.util.concurrent.locks.Lock} view of leases, for code written against {@code Lock}.
 */
@NullMarked
package io.github.leakybucket.lock;

import org.jspecify.annotations.NullMarked;
