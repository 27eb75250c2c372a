package io.github.leakybucket.autoconfigure.lease;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

import io.github.leakybucket.integration.LeaseLockRegistry;
import io.github.leakybucket.lock.LeaseLocks;

/**
 * Auto-configuration of a Spring Integration {@link LockRegistry} of lease locks, when Spring Integration is on the
 * class path and no other registry is defined.
 */
@AutoConfiguration(after = LeaseAutoConfiguration.class)
@ConditionalOnClass({ LockRegistry.class, LeaseLockRegistry.class })
@ConditionalOnBean(LeaseLocks.class)
@EnableConfigurationProperties(LeaseProperties.class)
public final class LeaseLockRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockRegistry.class)
	LeaseLockRegistry leaseLockRegistry(LeaseLocks locks, LeaseProperties properties) {
		String prefix = properties.getLock().getRegistryPrefix();
		return new LeaseLockRegistry(locks, (prefix != null) ? prefix : "");
	}

}
