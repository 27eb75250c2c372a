/**
 * Spring WebFlux support for {@link io.github.leakybucket.annotation.RateLimited @RateLimited} methods returning a
 * reactive type: the {@code RateLimit-Policy} and {@code RateLimit} fields on admitted responses. Rejections are
 * answered by {@link io.github.leakybucket.web.RateLimitedExceptionHandler}, which serves both web stacks.
 */
package io.github.leakybucket.web.reactive;
