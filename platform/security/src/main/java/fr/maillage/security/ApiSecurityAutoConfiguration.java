package fr.maillage.security;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.Checkpoints;
import fr.maillage.messaging.DeadLetters;
import fr.maillage.messaging.EventConsumer;
import fr.maillage.messaging.KafkaSettings;
import fr.maillage.messaging.MessagingAutoConfiguration;
import fr.maillage.messaging.TopicSpec;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.validation.constraints.NotBlank;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import java.time.LocalDate;
import java.util.List;

/**
 * API keys, roles and problem+json for every service. Services other than the registry learn keys
 * from the registry's state topic through a {@link RegistryReplica}; the registry supplies its own
 * {@link CallerDirectory}.
 */
// before Spring Boot's error pages, which step aside for the ErrorController here
@AutoConfiguration(after = MessagingAutoConfiguration.class,
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
public class ApiSecurityAutoConfiguration {

    public static final long MAX_BODY_BYTES = 1024 * 1024;

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(new SecurityHeadersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // on every answer, refusals included
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter() {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(MAX_BODY_BYTES));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(CallerDirectory directory) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(directory));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /**
     * Strict reading of request bodies: unknown fields (such as "$gt") are errors, not ignored; a value
     * of the wrong JSON type ("12" for a number, 12 for a string or a date, 12.5 for a whole number) is
     * refused rather than converted; a date is a {@code yyyy-mm-dd} string ({@link IsoDateDeserializer}).
     */
    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultLeniency(false)
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("iso-dates").addDeserializer(LocalDate.class, new IsoDateDeserializer()));
    }

    /** {@code @NotBlank} needs a visible character ({@link VisibleTextValidator}), in every service. */
    @Bean
    ValidationConfigurationCustomizer visibleNotBlank() {
        return configuration -> {
            if (configuration instanceof HibernateValidatorConfiguration hibernate) {
                ConstraintMapping mapping = hibernate.createConstraintMapping();
                mapping.constraintDefinition(NotBlank.class).includeExistingValidators(false)
                        .validatedBy(VisibleTextValidator.class);
                hibernate.addMapping(mapping);
            }
        };
    }

    /**
     * The API documentation: every operation takes an API key ({@code Authorization: Bearer}), the
     * {@link Caller} resolved from it is not a parameter a client sends, and errors are problem+json.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class ApiDocsConfiguration {

        static {
            SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        }

        @Bean
        OpenApiCustomizer apiKeyScheme() {
            return api -> {
                if (api.getComponents() == null) {
                    api.setComponents(new Components());
                }
                api.getComponents().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key issued by the national structure: 'Authorization: Bearer <key>'. "
                                + "Public reads (dashboard aggregates, premises, open data) need none."));
                api.addSecurityItem(new SecurityRequirement().addList("apiKey"));
                if (api.getPaths() != null) {
                    api.getPaths().remove("/error"); // the error page, not an endpoint
                }
            };
        }

        /** Each service's document says whose it is (springdoc's default is "OpenAPI definition", v0, for all four). */
        @Bean
        OpenApiCustomizer apiInfo(Environment environment) {
            String service = environment.getProperty("spring.application.name", "maillage");
            return api -> api.setInfo(new Info().title("Maillage " + service).version("v1")
                    .description("The " + service + " of Maillage, the event backbone of the national network of"
                            + " tiers-lieux. Paths are under /api/v1; errors are application/problem+json naming the"
                            + " field; writes can be retried (an id or an Idempotency-Key, If-Match for changes)."));
        }

        /** Every operation's client and server errors, as problem+json. */
        @Bean
        OpenApiCustomizer problemResponses() {
            return new ProblemResponses();
        }

        /** A {@link PublicEndpoint} needs no key: its operation says so ({@code security: []}). */
        @Bean
        OperationCustomizer publicOperations() {
            return (operation, handler) -> {
                if (handler.hasMethodAnnotation(PublicEndpoint.class)
                        || handler.getBeanType().isAnnotationPresent(PublicEndpoint.class)) {
                    operation.setSecurity(List.of());
                }
                return operation;
            };
        }
    }

    /** Tomcat's own refusals (before any filter runs) as problem+json, not Tomcat's HTML page. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({TomcatServletWebServerFactory.class, ErrorReportValve.class})
    static class TomcatErrorsConfiguration {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return new ProblemErrorReports();
        }
    }

    /**
     * Replaces the host's error report valve (Spring Boot adds its own from a customizer of order 0,
     * hence the lowest precedence here, to come after it).
     */
    static final class ProblemErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    DecimalNumbers decimalNumbers() {
        return new DecimalNumbers();
    }

    @Bean
    SuccessIsNotAProblemAdvice successIsNotAProblemAdvice() {
        return new SuccessIsNotAProblemAdvice();
    }

    @Bean
    WebMvcConfigurer callerWebConfig() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AuthenticationInterceptor());
                registry.addInterceptor(new KnownQueryParametersInterceptor());
                registry.addInterceptor(new NoBodyExpectedInterceptor());
                registry.addInterceptor(new AcceptableAnswerInterceptor());
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }

            /**
             * JSON only: the YAML, XML, CBOR and Smile readers a library brings onto the classpath would
             * take bodies past the JSON parser's checks (a YAML 3.9 read as 3, duplicate keys, anchors),
             * so those formats answer 415 like any other.
             */
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                converters.removeIf(converter -> converter.getSupportedMediaTypes().stream()
                        .anyMatch(ApiSecurityAutoConfiguration::isOtherDataFormat));
            }
        };
    }

    private static boolean isOtherDataFormat(MediaType type) {
        String subtype = type.getSubtype();
        return subtype.contains("yaml") || subtype.equals("xml") || subtype.endsWith("+xml")
                || subtype.contains("cbor") || subtype.contains("smile");
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "maillage.registry-replica.enabled", havingValue = "true", matchIfMissing = true)
    static class ReplicaConfiguration {

        @Bean
        TopicSpec registryStateTopic() {
            return TopicSpec.compacted(RegistryTopics.STATE);
        }

        @Bean
        TopicSpec registryStateDeadLetters() {
            return TopicSpec.deadLetters(RegistryTopics.STATE);
        }

        @Bean
        @ConditionalOnMissingBean
        RegistryReplica registryReplica(@Value("${spring.application.name}") String application,
                                        MongoDatabase database, Checkpoints checkpoints) {
            RegistryReplica replica = new RegistryReplica(database);
            // where to resume is read before the load: other instances may store more in between
            replica.load(checkpoints.positions(replicaConsumerName(application)));
            return replica;
        }

        @Bean
        EventConsumer registryReplicaConsumer(@Value("${spring.application.name}") String application,
                                              KafkaSettings settings, Checkpoints checkpoints,
                                              DeadLetters deadLetters, RegistryReplica replica,
                                              MessagingAutoConfiguration.TopicsReady topicsReady) {
            // every instance keeps the whole replica in memory, so every instance reads every partition
            return EventConsumer.onEveryInstance(replicaConsumerName(application), List.of(RegistryTopics.STATE),
                    settings, 500, checkpoints, deadLetters, replica, replica.loadedFrom());
        }

        private static String replicaConsumerName(String application) {
            return application + "-registry-replica";
        }
    }
}
