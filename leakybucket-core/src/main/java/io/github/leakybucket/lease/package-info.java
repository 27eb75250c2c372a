/**
 * Leases with fencing tokens, on the key/value table.
 * <p>
 * A {@link io.github.leakybucket.lease.Lease} is granted for a name and a duration by one conditional write, and
 * carries a {@link io.github.leakybucket.kv.FencingToken}: a number that grows with every grant of that name and
 * never resets, because a lease's row is never deleted (a release marks it released). A lease alone is not safe: a
 * holder can pause (a GC pause, a swapped-out VM) past its lease and then act as if it still held it. What makes
 * it safe is a resource that checks the token, such as
 * {@link io.github.leakybucket.kv.KeyValueStore#putFenced(String, byte[], io.github.leakybucket.kv.FencingToken)}.
 * <h2>Timing</h2>
 * The holder considers its lease lost at <em>acquire start + duration − safety margin</em>, on its monotonic clock
 * ({@code System.nanoTime}), whatever the wall clock says. Another process takes over a lease that was not
 * released only after it has seen the same row (owner, token and version, which every renewal increments)
 * unchanged for a full lease duration, measured on its own monotonic clock from after the read that showed it.
 * That needs no assumption about clocks across hosts, only that their monotonic clocks run at about the same rate
 * (the margin absorbs the difference). The price: a crashed holder's lease is taken over only after the taker has
 * watched it for a full duration, up to twice the duration after the crash, and a process that starts watching late
 * waits a full duration from then.
 * <p>
 * Opt in to {@link io.github.leakybucket.lease.Leases.Builder#clockSkewBound(java.time.Duration) a clock-skew
 * bound} to take over sooner: a row whose recorded wall-clock write time is older than duration + bound is taken
 * over at once. That is safe only while no two hosts' wall clocks are further apart than the bound; an NTP step or
 * a host with a wrong clock breaks it, and then only fencing protects the resource.
 * <h2>Ambiguous failures</h2>
 * A write that times out may or may not have been applied. Before answering, the lease reads its row back: an
 * acquire whose row now names this attempt's owner has the lease, a renewal whose row shows the next version was
 * applied, a release whose row is released (or taken over) is done. If the read fails too, the first error is
 * thrown and the lease is treated as not held (acquire) or lost (renew).
 */
package io.github.leakybucket.lease;
