/**
 * The storage SPI behind every bucket: read a stored {@code tat}, conditionally add to it, delete it. The decision
 * engine (coalescing, local rejection, reserve-ahead, failure modes, clock skew) is written once above it.
 */
package io.github.leakybucket.spi;
