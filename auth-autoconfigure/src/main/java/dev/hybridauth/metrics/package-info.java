/**
 * Where the request path reports what it did, and the Micrometer meters. An application
 * may implement the {@link HybridAuthMetrics} SPI;
 * {@link HybridAuthMetricsAutoConfiguration} registers the Micrometer one when there is a
 * {@code MeterRegistry}.
 */
package dev.hybridauth.metrics;
