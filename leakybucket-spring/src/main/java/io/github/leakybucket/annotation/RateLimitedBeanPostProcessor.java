package io.github.leakybucket.annotation;

import java.util.List;

import io.github.leakybucket.BucketRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.OrderComparator;
import org.springframework.core.Ordered;
import org.springframework.util.StringValueResolver;
import org.springframework.util.function.SingletonSupplier;

/**
 * Proxies beans with {@link RateLimited @RateLimited} methods or types, so that each invocation drains its bucket
 * first.
 * <p>
 * The buckets come from the context's {@link BucketRegistry}, looked up when the first annotated bean is
 * post-processed. Each annotated bean is checked when it is proxied: an unknown bucket, a key expression that does
 * not parse, a cost the bucket cannot hold, or a missing or mismatched fallback fail the bean's creation with a
 * message naming the method. Every {@link RateLimitedDecisionObserver} bean is told about each decision.
 * <p>
 * {@linkplain #setAdvisorOrder(int) The advisor order} places the rate check among the other advisors of a bean that
 * is already proxied, such as by {@code @Transactional} or {@code @Cacheable} (both {@link Ordered#LOWEST_PRECEDENCE}
 * by default): a lower order runs first. The {@linkplain #DEFAULT_ADVISOR_ORDER default} runs the check before
 * those, so that a rejected call opens no transaction and touches no cache.
 */
public class RateLimitedBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements EmbeddedValueResolverAware {

	/**
	 * Default advisor order: early, after Spring's {@code ExposeInvocationInterceptor}, before
	 * {@code @Transactional}, {@code @Cacheable} and anything else at or near {@link Ordered#LOWEST_PRECEDENCE}.
	 */
	public static final int DEFAULT_ADVISOR_ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private int advisorOrder = DEFAULT_ADVISOR_ORDER;

	private boolean offloadReactiveDecisions = true;

	private @Nullable RateLimitedInterceptor interceptor;

	private @Nullable StringValueResolver embeddedValueResolver;

	private @Nullable RateLimitSpecSource specs;

	/**
	 * Sets where the rate check runs among the advisors of an already proxied bean; lower runs first.
	 * @param advisorOrder the advisor order
	 */
	public void setAdvisorOrder(int advisorOrder) {
		this.advisorOrder = advisorOrder;
		if (this.advisor instanceof DefaultPointcutAdvisor pointcutAdvisor) {
			pointcutAdvisor.setOrder(advisorOrder);
		}
	}

	/**
	 * Returns where the rate check runs among the advisors of an already proxied bean.
	 * @return the advisor order
	 */
	public int getAdvisorOrder() {
		return this.advisorOrder;
	}

	/**
	 * Sets whether methods returning a reactive type, such as {@code Mono} or {@code Flux}, decide on Reactor's
	 * bounded-elastic scheduler instead of on the subscribing thread. On by default, because a blocking storage (the
	 * DynamoDB storage on the synchronous client, or the in-memory one) decides on the thread that asks, and a
	 * subscribing thread may be an event loop that must never block. Turn it off with a storage that never blocks.
	 * @param offloadReactiveDecisions whether to decide on the bounded-elastic scheduler
	 */
	public void setOffloadReactiveDecisions(boolean offloadReactiveDecisions) {
		this.offloadReactiveDecisions = offloadReactiveDecisions;
		if (this.interceptor != null) {
			this.interceptor.setOffloadReactiveDecisions(offloadReactiveDecisions);
		}
	}

	/**
	 * Returns whether methods returning a reactive type decide on Reactor's bounded-elastic scheduler.
	 * @return whether reactive decisions are offloaded
	 */
	public boolean isOffloadReactiveDecisions() {
		return this.offloadReactiveDecisions;
	}

	@Override
	public void setEmbeddedValueResolver(StringValueResolver resolver) {
		this.embeddedValueResolver = resolver;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		SingletonSupplier<BucketRegistry> registry = SingletonSupplier
			.of(() -> beanFactory.getBean(BucketRegistry.class));
		SingletonSupplier<RateLimitedDecisionObserver> observer = SingletonSupplier
			.of(() -> compose(beanFactory.getBeanProvider(RateLimitedDecisionObserver.class).orderedStream().toList()));
		this.specs = new RateLimitSpecSource(registry, this::resolveEmbeddedValue);
		AnnotationMatchingPointcut typeLevel = new AnnotationMatchingPointcut(RateLimited.class, true);
		AnnotationMatchingPointcut methodLevel = new AnnotationMatchingPointcut(null, RateLimited.class, true);
		RateLimitedInterceptor interceptor = new RateLimitedInterceptor(this.specs, registry, observer);
		interceptor.setOffloadReactiveDecisions(this.offloadReactiveDecisions);
		this.interceptor = interceptor;
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new ComposablePointcut(typeLevel).union(methodLevel),
				interceptor);
		advisor.setOrder(this.advisorOrder);
		this.advisor = advisor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.advisor == null || bean instanceof AopInfrastructureBean) {
			return bean;
		}
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			Class<?> targetClass = AopUtils.getTargetClass(bean);
			if (isEligible(targetClass)) {
				validate(targetClass, beanName);
				advised.addAdvisor(insertionIndex(advised.getAdvisors()), this.advisor);
				return bean;
			}
		}
		if (isEligible(bean, beanName)) {
			validate(AopUtils.getTargetClass(bean), beanName);
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	private @Nullable String resolveEmbeddedValue(String value) {
		StringValueResolver resolver = this.embeddedValueResolver;
		return (resolver != null) ? resolver.resolveStringValue(value) : value;
	}

	private void validate(Class<?> targetClass, String beanName) {
		try {
			this.specs.validate(targetClass);
		}
		catch (IllegalStateException ex) {
			throw new BeanCreationException(beanName, ex.getMessage(), ex);
		}
	}

	/**
	 * Returns the position before the first advisor that runs later than the rate check, keeping an ordered chain
	 * ordered.
	 */
	private int insertionIndex(Advisor[] advisors) {
		for (int i = 0; i < advisors.length; i++) {
			if (OrderComparator.INSTANCE.compare(this.advisor, advisors[i]) < 0) {
				return i;
			}
		}
		return advisors.length;
	}

	private static RateLimitedDecisionObserver compose(List<RateLimitedDecisionObserver> observers) {
		if (observers.isEmpty()) {
			return (bucket, state) -> {
			};
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		return (bucket, state) -> {
			for (RateLimitedDecisionObserver observer : observers) {
				observer.onDecision(bucket, state);
			}
		};
	}

}
