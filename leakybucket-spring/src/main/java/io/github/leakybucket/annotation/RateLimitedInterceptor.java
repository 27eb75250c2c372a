package io.github.leakybucket.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketState;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.ClassUtils;

/**
 * Drains the bucket of a {@link RateLimited @RateLimited} method before invoking it, and invokes the fallback or
 * rejects with {@link RateLimitedException} when the cost does not fit.
 * <p>
 * How it decides depends on the method's return type:
 * <ul>
 * <li>A {@link CompletionStage} or {@link CompletableFuture}: the bucket decides with {@link Bucket#tryAddAsync}
 * when the method is called, and the method (or its fallback) is invoked when the decision completes. A rejection,
 * and any failure before the method runs, is a failed future, never a thrown exception.</li>
 * <li>A deferred reactive type of the {@link ReactiveAdapterRegistry}, such as {@code Mono} or {@code Flux}, when
 * Reactor is present: nothing happens until subscription; each subscription decides once, then invokes the method
 * (or its fallback) and subscribes to what it returns. A rejection is an error signal. See
 * {@link #setOffloadReactiveDecisions(boolean)} for the thread that decides.</li>
 * <li>Anything else: the calling thread decides with {@link Bucket#tryAdd} and the method runs, or the rejection is
 * thrown.</li>
 * </ul>
 * <p>
 * A key must be a {@link String}, {@link Number}, {@link UUID}, enum or {@link CharSequence}: a null key rejects with
 * {@link MissingRateLimitKeyException}, a key of any other type with {@link IllegalStateException} naming the method
 * and the type, and the method is not invoked.
 */
class RateLimitedInterceptor implements MethodInterceptor {

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			RateLimitedInterceptor.class.getClassLoader());

	private final RateLimitSpecSource specs;

	private final Supplier<BucketRegistry> registry;

	private final Supplier<RateLimitedDecisionObserver> observer;

	private final @Nullable ReactorDelegate reactorDelegate;

	/**
	 * Creates an interceptor.
	 * @param specs where to find each method's spec
	 * @param registry supplies the bucket registry, on first use
	 * @param observer supplies the observer told about each decision, on first use
	 */
	RateLimitedInterceptor(RateLimitSpecSource specs, Supplier<BucketRegistry> registry,
			Supplier<RateLimitedDecisionObserver> observer) {
		this.specs = specs;
		this.registry = registry;
		this.observer = observer;
		this.reactorDelegate = reactorPresent ? new ReactorDelegate() : null;
	}

	/**
	 * Sets whether methods returning a reactive type decide on Reactor's bounded-elastic scheduler instead of the
	 * subscribing thread. A storage that blocks (the DynamoDB storage on the synchronous client, and the in-memory
	 * storage) decides on the thread that asks, which must then be allowed to block: never a Netty event loop.
	 * @param offload whether to decide on the bounded-elastic scheduler
	 */
	void setOffloadReactiveDecisions(boolean offload) {
		if (this.reactorDelegate != null) {
			this.reactorDelegate.offload = offload;
		}
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = invocation.getMethod();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		RateLimitSpec spec = this.specs.get(method, targetClass);
		if (spec == null) {
			return invocation.proceed();
		}
		Class<?> returnType = method.getReturnType();
		if (returnType == CompletionStage.class || returnType == CompletableFuture.class) {
			return invokeAsync(invocation, spec, target);
		}
		if (this.reactorDelegate != null) {
			ReactiveAdapter adapter = this.reactorDelegate.adapter(returnType);
			if (adapter != null) {
				return this.reactorDelegate.invoke(this, adapter, invocation, spec, target);
			}
		}
		Bucket bucket = bucket(spec, invocation.getArguments(), target);
		return proceedOrReject(invocation, spec, target, bucket, bucket.tryAdd(spec.cost()));
	}

	private CompletableFuture<@Nullable Object> invokeAsync(MethodInvocation invocation, RateLimitSpec spec,
			@Nullable Object target) {
		MethodInvocation deferred = invocableClone(invocation);
		Bucket bucket;
		CompletableFuture<BucketState> decision;
		try {
			bucket = bucket(spec, invocation.getArguments(), target);
			decision = bucket.tryAddAsync(spec.cost());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return decision.thenCompose((state) -> {
			try {
				@SuppressWarnings("unchecked")
				CompletionStage<@Nullable Object> result = (CompletionStage<@Nullable Object>) proceedOrReject(deferred,
						spec, target, bucket, state);
				return (result != null) ? result : CompletableFuture.completedFuture(null);
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
	}

	/**
	 * Tells the observer about a decision, then invokes the method if it was admitted, else the fallback, or throws
	 * the rejection when there is none.
	 */
	private @Nullable Object proceedOrReject(MethodInvocation invocation, RateLimitSpec spec, @Nullable Object target,
			Bucket bucket, BucketState state) throws Throwable {
		this.observer.get().onDecision(bucket, state);
		if (state.admitted()) {
			return invocation.proceed();
		}
		RateLimitedException rejection = new RateLimitedException(bucket.name(), bucket.key(), bucket.drainTime(),
				state);
		Method fallback = spec.fallback();
		if (fallback == null) {
			throw rejection;
		}
		return invokeFallback(fallback, spec.fallbackTakesException(), target, invocation.getArguments(), rejection);
	}

	private Bucket bucket(RateLimitSpec spec, @Nullable Object[] arguments, @Nullable Object target) {
		RateLimitKey key = spec.key();
		if (key == null) {
			return this.registry.get().bucket(spec.bucket());
		}
		Object value = key.compute(arguments, target);
		if (value == null) {
			throw new MissingRateLimitKeyException(spec.bucket(), spec.description());
		}
		return this.registry.get().bucket(spec.bucket(), keyString(spec, value));
	}

	// Only types whose string form is their value: an entity with Object's toString would give every call its own
	// bucket, and the limit would never apply.
	private static String keyString(RateLimitSpec spec, Object value) {
		if (value instanceof CharSequence || value instanceof Number || value instanceof UUID) {
			return value.toString();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		throw new IllegalStateException("Rate-limit key of bucket '" + spec.bucket() + "' for " + spec.description()
				+ " is a " + value.getClass().getName()
				+ "; a key must be a String, Number, UUID, enum or CharSequence, so that its string form is its value");
	}

	private static @Nullable Object invokeFallback(Method fallback, boolean takesException, @Nullable Object target,
			@Nullable Object[] arguments, RateLimitedException rejection) throws Throwable {
		@Nullable Object[] fallbackArguments = arguments;
		if (takesException) {
			fallbackArguments = Arrays.copyOf(arguments, arguments.length + 1);
			fallbackArguments[arguments.length] = rejection;
		}
		try {
			return fallback.invoke(target, fallbackArguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * Returns an invocation that can proceed later, and more than once, down the rest of the advice chain.
	 */
	private static MethodInvocation invocableClone(MethodInvocation invocation) {
		return (invocation instanceof ProxyMethodInvocation proxyInvocation) ? proxyInvocation.invocableClone()
				: invocation;
	}

	/**
	 * Keeps Reactor off the class path of applications without it: only this class refers to Reactor's types.
	 */
	private static final class ReactorDelegate {

		private final ReactiveAdapterRegistry adapters = ReactiveAdapterRegistry.getSharedInstance();

		private volatile boolean offload = true;

		/** Returns the adapter of a deferred reactive type, or {@code null} for any other type. */
		@Nullable ReactiveAdapter adapter(Class<?> returnType) {
			ReactiveAdapter adapter = this.adapters.getAdapter(returnType);
			return (adapter != null && adapter.getDescriptor().isDeferred()) ? adapter : null;
		}

		/**
		 * Returns a publisher of the method's return type that decides once per subscription, then subscribes to
		 * what the method or its fallback returns. Observers in the subscriber's context under the key
		 * {@code RateLimitedDecisionObserver.class} are told about the decision too.
		 */
		Object invoke(RateLimitedInterceptor interceptor, ReactiveAdapter adapter, MethodInvocation invocation,
				RateLimitSpec spec, @Nullable Object target) {
			MethodInvocation deferred = invocableClone(invocation);
			Flux<Object> result = Flux.deferContextual((context) -> {
				Bucket bucket = interceptor.bucket(spec, deferred.getArguments(), target);
				Mono<BucketState> decision = Mono.fromFuture(() -> bucket.tryAddAsync(spec.cost()), true);
				if (this.offload) {
					decision = decision.subscribeOn(Schedulers.boundedElastic());
				}
				return decision.flatMapMany((state) -> {
					context.<RateLimitedDecisionObserver>getOrEmpty(RateLimitedDecisionObserver.class)
						.ifPresent((observer) -> observer.onDecision(bucket, state));
					try {
						Object value = interceptor.proceedOrReject(invocableClone(deferred), spec, target, bucket,
								state);
						return (value != null) ? publisher(adapter, value) : Flux.empty();
					}
					catch (Throwable ex) {
						return Flux.error(ex);
					}
				});
			});
			return adapter.fromPublisher(adapter.isMultiValue() ? result : Mono.from(result));
		}

		private static Publisher<Object> publisher(ReactiveAdapter adapter, Object value) {
			return adapter.toPublisher(value);
		}

	}

}
