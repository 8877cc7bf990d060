package dev.hybridauth.metrics;

import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of hybrid-auth's Micrometer meters, when Micrometer is on the
 * classpath and the application has a {@code MeterRegistry}.
 */
@AutoConfiguration(after = HybridAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(HybridAuthProperties.class)
@ConditionalOnClass(MeterRegistry.class)
public final class HybridAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean(HybridAuthMetrics.class)
	HybridAuthMetrics hybridAuthMetrics(MeterRegistry registry) {
		return new MicrometerHybridAuthMetrics(registry);
	}

}
