package io.github.leakybucket.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Drains a configured bucket before each invocation of the annotated method, and does not invoke the method when the
 * cost does not fit.
 * <p>
 * On a type, applies to every public method of the type; an annotation on a method overrides the type's. Can be used
 * as a meta-annotation to create composed annotations.
 * <p>
 * A rejected invocation throws {@link RateLimitedException}, or returns what the {@link #fallbackMethod()} returns.
 * <p>
 * For a method returning a {@code CompletionStage} or {@code CompletableFuture}, the bucket decides when the method
 * is called, without blocking on an asynchronous storage; the method runs when the decision completes, and a
 * rejection is a future failed with {@link RateLimitedException}. For a method returning a reactive type such as
 * {@code Mono} or {@code Flux}, nothing happens until subscription: each subscription decides once, then invokes the
 * method, and a rejection is an error signal. A fallback then returns the same type as the method.
 * <p>
 * An unknown bucket, a key expression that does not parse, a cost the bucket cannot hold, or a fallback method that
 * does not exist or does not match fail when the bean is created.
 * <p>
 * Spring AOT registers the reflection the annotated methods need at run time, their fallback methods included; see
 * {@link RateLimitedReflectiveProcessor}.
 *
 * @see RateLimitedBeanPostProcessor
 * @see RateLimitedException
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(RateLimitedReflectiveProcessor.class)
public @interface RateLimited {

	/**
	 * Alias for {@link #bucket()}.
	 * @return the bucket name
	 */
	@AliasFor("bucket")
	String value() default "";

	/**
	 * Name of the configured bucket to drain. Placeholders such as {@code ${app.bucket}} are resolved.
	 * @return the bucket name
	 */
	@AliasFor("value")
	String bucket() default "";

	/**
	 * SpEL expression over the method's arguments that selects one bucket per key, such as {@code #id} or
	 * {@code #request.remoteAddr}. Empty for one bucket shared by all calls. The key must evaluate to a
	 * {@link String}, {@link Number}, {@link java.util.UUID}, enum or {@link CharSequence}; an invocation whose key is
	 * {@code null} fails with a {@link MissingRateLimitKeyException} (400 in Spring MVC), and one whose key has another
	 * type, such as an entity, with an {@link IllegalStateException} naming the method and the type.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * Units drained per invocation, from 1 to the bucket's capacity.
	 * @return the cost
	 */
	long cost() default 1;

	/**
	 * Name of a method of the same class to invoke instead of throwing {@link RateLimitedException}. It takes the
	 * same parameters, optionally followed by a {@link RateLimitedException}, and returns a type assignable to the
	 * annotated method's return type. It may be private. Empty for none.
	 * @return the fallback method name
	 */
	String fallbackMethod() default "";

}
