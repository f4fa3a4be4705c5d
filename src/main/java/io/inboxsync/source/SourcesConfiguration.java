package io.inboxsync.source;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sources folder, loaded once Camel runs (the templates and the pipeline are loaded
 * by Camel before).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SourcesProperties.class)
class SourcesConfiguration {

	@Bean(destroyMethod = "close")
	SourceFolder sourceFolder(CamelContext camelContext, SourcesProperties properties, SourceCompiler compiler,
			RunningSources sources) {
		return new SourceFolder(camelContext, properties.dir(), properties.pollInterval(), compiler, sources);
	}

	@Bean
	CamelContextConfiguration sourceFolderStarter(SourceFolder sourceFolder, SourcesProperties properties) {
		return new CamelContextConfiguration() {

			@Override
			public void beforeApplicationStart(CamelContext camelContext) {
			}

			@Override
			public void afterApplicationStart(CamelContext camelContext) {
				if (properties.enabled()) {
					sourceFolder.start();
				}
			}

		};
	}

}
