/**
 * Annotation-driven rate limiting: {@link io.github.leakybucket.annotation.RateLimited @RateLimited} methods drain a
 * configured bucket before they run, through a Spring AOP proxy made by
 * {@link io.github.leakybucket.annotation.RateLimitedBeanPostProcessor}.
 */
package io.github.leakybucket.annotation;
