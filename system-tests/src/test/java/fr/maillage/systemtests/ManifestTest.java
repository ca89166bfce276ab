package fr.maillage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps {@code deploy/} honest against the code. No cluster and no Docker engine run here, so this
 * is what tells that the compose file and the Kubernetes manifests still fit the services.
 *
 * <p>Everything it checks is discovered from the code, never listed here:
 * <ul>
 *   <li>the services: {@code services/*-service} with an {@code application.yml};</li>
 *   <li>the {@code MAILLAGE_*} variables each service reads: {@code ${MAILLAGE_…}} placeholders and
 *       {@code getenv("MAILLAGE_…")} in the service and in the {@code platform/*} modules it runs
 *       with (its {@code fr.maillage} runtime dependencies, from the POMs). Variables read only by
 *       modules no service runs with ({@code devstack}, {@code test-support}: the launcher's
 *       {@code MAILLAGE_HOME}, ports …) are local-only: docs/operations.md must name them and the
 *       manifests must not set them;</li>
 *   <li>the variables a manifest may set: those, plus the relaxed-binding names of the
 *       {@code maillage.*} properties the service reads (e.g. {@code MAILLAGE_KAFKA_PARTITIONS});</li>
 *   <li>the port: {@code server.port: ${MAILLAGE_HTTP_PORT:<port>}}; the health paths: the
 *       actuator base path, health mapping and probe groups of {@code application.yml};</li>
 *   <li>the topics: the constants of {@code platform/events/**}{@code /*Topics.java}; which are
 *       compacted, kept forever or dead letters: the {@code TopicSpec} calls; which are consumed:
 *       {@code new EventConsumer(…, List.of(<topics>) …)}; the dead-letter suffix and retention:
 *       {@code DeadLetters.topicFor} and {@code TopicSpec.deadLetters};</li>
 *   <li>whether the Kafka clients can speak TLS/SASL: {@code security.protocol} in the messaging
 *       module (today they cannot, so the bootstrap address must be a plaintext listener).</li>
 * </ul>
 */
class ManifestTest {

    private static final Pattern PLACEHOLDER_VARIABLE = Pattern.compile("\\$\\{(MAILLAGE_[A-Z0-9_]+)");
    private static final Pattern GETENV_VARIABLE = Pattern.compile("getenv\\(\\s*\"(MAILLAGE_[A-Z0-9_]+)\"");
    private static final Pattern LITERAL_VARIABLE = Pattern.compile("\"(MAILLAGE_[A-Z0-9_]+)\"");
    private static final Pattern PLACEHOLDER_PROPERTY = Pattern.compile("\\$\\{(maillage\\.[a-z0-9.\\-]+)");
    private static final Pattern CONDITIONAL_PROPERTY = Pattern.compile(
            "@ConditionalOnProperty\\([^)]*?(?:name|value)\\s*=\\s*\"(maillage\\.[a-z0-9.\\-]+)\"");
    private static final Pattern PROPERTIES_PREFIX = Pattern.compile(
            "@ConfigurationProperties\\([^)]*?\"(maillage(?:\\.[a-z0-9\\-]+)*)\"");
    private static final Pattern PORT_PLACEHOLDER = Pattern.compile("\\$\\{(MAILLAGE_[A-Z0-9_]+):(\\d+)}");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern TOPIC_REFERENCE = Pattern.compile("\\b(\\w+Topics)\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern K8S_VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static Path root;
    private static Map<String, ServiceCode> services;
    private static Set<String> localOnlyVariables;
    private static Topics topics;
    private static boolean kafkaClientsSupportSecurity;
    private static Map<String, Object> compose;
    private static Kustomization base;

    // ---------------------------------------------------------------------------------------------
    // What the code says
    // ---------------------------------------------------------------------------------------------

    /** A service as its code describes it. */
    record ServiceCode(String name, String shortName, Path dir, int port, String portVariable,
                       Integer managementPort, String healthPath, boolean probeGroups, String database,
                       Set<String> requiredVariables, Set<String> allowedVariables, List<Path> modules) {

        String livenessPath() {
            return healthPath + "/liveness";
        }

        String readinessPath() {
            return healthPath + "/readiness";
        }

        int probePort() {
            return managementPort != null ? managementPort : port;
        }
    }

    /** The topics of platform/events and what the code does with them. */
    record Topics(Map<String, String> byConstant, Set<String> compacted, Set<String> forever,
                  Set<String> needingDeadLetters, String deadLetterSuffix, long deadLetterRetentionMs) {

        Set<String> all() {
            return new TreeSet<>(byConstant.values());
        }
    }

    @BeforeAll
    static void readTheCode() throws Exception {
        root = findRoot();
        Map<String, Path> modulesByArtifact = new TreeMap<>();
        Map<Path, List<String>> dependencies = new LinkedHashMap<>();
        for (Path pom : globPoms()) {
            Element project = parseXml(pom);
            String artifactId = childText(project, "artifactId");
            modulesByArtifact.put(artifactId, pom.getParent());
            dependencies.put(pom.getParent(), projectDependencies(project));
        }

        services = new TreeMap<>();
        Set<Path> runWithServices = new LinkedHashSet<>();
        try (Stream<Path> dirs = Files.list(root.resolve("services"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().endsWith("-service")).sorted().toList()) {
                Path yml = dir.resolve("src/main/resources/application.yml");
                if (!Files.isRegularFile(yml)) {
                    continue;
                }
                List<Path> modules = runtimeClosure(dir, modulesByArtifact, dependencies);
                runWithServices.addAll(modules);
                ServiceCode service = serviceCode(dir, yml, modules);
                services.put(service.name(), service);
            }
        }
        assertThat(services).as("services discovered under services/*-service").isNotEmpty();

        localOnlyVariables = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(root.resolve("platform"))) {
            for (Path module : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!runWithServices.contains(module)) {
                    for (String text : mainSources(module).values()) {
                        addAll(localOnlyVariables, PLACEHOLDER_VARIABLE, text);
                        addAll(localOnlyVariables, LITERAL_VARIABLE, text);
                    }
                }
            }
        }
        services.values().forEach(service -> localOnlyVariables.removeAll(service.requiredVariables()));

        topics = readTopics(runWithServices);
        kafkaClientsSupportSecurity = runWithServices.stream().map(ManifestTest::mainSources)
                .flatMap(sources -> sources.values().stream())
                .anyMatch(text -> text.contains("security.protocol") || text.contains("SECURITY_PROTOCOL_CONFIG"));

        compose = map(loadYaml(root.resolve("deploy/compose/docker-compose.yml")).get(0));
        base = Kustomization.load(root.resolve("deploy/kubernetes/base"));
    }

    private static Path findRoot() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("services")) && Files.isDirectory(candidate.resolve("platform"))
                    && Files.isDirectory(candidate.resolve("deploy"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No repository root (services/, platform/, deploy/) above " + dir);
    }

    private static List<Path> globPoms() throws IOException {
        List<Path> poms = new ArrayList<>();
        for (String group : List.of("platform", "services")) {
            try (Stream<Path> dirs = Files.list(root.resolve(group))) {
                dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).sorted().forEach(poms::add);
            }
        }
        return poms;
    }

    /** The fr.maillage artifacts a module needs at run time (not test, not provided). */
    private static List<String> projectDependencies(Element project) {
        List<String> result = new ArrayList<>();
        Element dependencies = child(project, "dependencies");
        if (dependencies == null) {
            return result;
        }
        for (Element dependency : children(dependencies, "dependency")) {
            String group = childText(dependency, "groupId");
            String scope = childText(dependency, "scope");
            if (("fr.maillage".equals(group) || "${project.groupId}".equals(group))
                    && !"test".equals(scope) && !"provided".equals(scope)) {
                result.add(childText(dependency, "artifactId"));
            }
        }
        return result;
    }

    private static List<Path> runtimeClosure(Path service, Map<String, Path> modules, Map<Path, List<String>> dependencies) {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(service));
        while (!todo.isEmpty()) {
            Path module = todo.pop();
            if (seen.add(module)) {
                for (String artifact : dependencies.getOrDefault(module, List.of())) {
                    Path dependency = modules.get(artifact);
                    if (dependency == null) {
                        throw new IllegalStateException(module + " depends on fr.maillage:" + artifact
                                + ", which no platform/* or services/* POM declares");
                    }
                    todo.push(dependency);
                }
            }
        }
        return List.copyOf(seen);
    }

    private static ServiceCode serviceCode(Path dir, Path yml, List<Path> modules) {
        String name = dir.getFileName().toString();
        Map<String, Object> config = new TreeMap<>();
        for (Object document : loadYaml(yml)) {
            Map<String, Object> doc = map(document);
            if (at(doc, "spring", "config", "activate") == null) { // profile-specific documents aside
                flatten("", doc, config);
            }
        }

        String serverPort = str(config.get("server.port"));
        Matcher port = serverPort == null ? null : PORT_PLACEHOLDER.matcher(serverPort);
        if (port == null || !port.matches()) {
            throw new AssertionError(yml + ": server.port must be ${MAILLAGE_<NAME>:<default port>} (it is "
                    + serverPort + "), so that the launcher and the manifests can set it");
        }
        Integer managementPort = null;
        String management = str(config.get("management.server.port"));
        if (management != null) {
            Matcher m = PORT_PLACEHOLDER.matcher(management);
            managementPort = Integer.valueOf(m.matches() ? m.group(2) : management);
        }
        String basePath = Objects.requireNonNullElse(str(config.get("management.endpoints.web.base-path")), "/actuator");
        String healthMapping = Objects.requireNonNullElse(
                str(config.get("management.endpoints.web.path-mapping.health")), "health");
        String exposed = Objects.requireNonNullElse(str(config.get("management.endpoints.web.exposure.include")), "health");
        if (!Set.of(exposed.split("\\s*,\\s*")).contains("health") && !exposed.equals("*")) {
            throw new AssertionError(yml + ": the health endpoint is not exposed over HTTP (" + exposed + ")");
        }
        boolean probeGroups = "true".equals(str(config.get("management.endpoint.health.probes.enabled")));
        // a mapping of its own replaces Spring Boot's, whose DOWN and OUT_OF_SERVICE are 503: a probe
        // reads only the HTTP status, and with DEGRADED alone mapped every status answered 200
        String mapping = "management.endpoint.health.status.http-mapping.";
        if (config.keySet().stream().anyMatch(key -> key.startsWith(mapping))) {
            for (String failing : List.of("down", "out-of-service")) {
                String code = str(config.get(mapping + failing));
                if (code == null || Integer.parseInt(code) < 500) {
                    throw new AssertionError(yml + ": " + mapping + failing + " must be a 5xx when the health"
                            + " status has a mapping of its own (it is " + code + "): otherwise it answers 200");
                }
            }
        }
        String database = Objects.requireNonNullElse(str(config.get("maillage.mongodb.database")),
                str(config.get("spring.application.name")));

        Set<String> required = new TreeSet<>();
        Set<String> properties = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (Path module : modules) {
            for (String text : mainSources(module).values()) {
                addAll(required, PLACEHOLDER_VARIABLE, text);
                addAll(required, GETENV_VARIABLE, text);
                addAll(properties, PLACEHOLDER_PROPERTY, text);
                addAll(properties, CONDITIONAL_PROPERTY, text);
                addAll(prefixes, PROPERTIES_PREFIX, text);
            }
        }
        config.keySet().stream().filter(key -> key.startsWith("maillage.")).forEach(properties::add);
        Set<String> allowed = new TreeSet<>(required);
        properties.forEach(property -> allowed.addAll(environmentNames(property)));
        prefixes.forEach(prefix -> allowed.add(environmentNames(prefix).get(0) + "_*"));
        return new ServiceCode(name, name.replaceFirst("-service$", ""), dir, Integer.parseInt(port.group(2)),
                port.group(1), managementPort, basePath.replaceAll("/+$", "") + "/" + healthMapping, probeGroups,
                database, required, allowed, modules);
    }

    /** The environment variables Spring Boot's relaxed binding maps onto a property. */
    private static List<String> environmentNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return List.of(upper.replace('-', '_'), upper.replace("-", ""));
    }

    private static boolean allowed(ServiceCode service, String variable) {
        return service.allowedVariables().contains(variable) || service.allowedVariables().stream()
                .anyMatch(a -> a.endsWith("_*") && variable.startsWith(a.substring(0, a.length() - 1)));
    }

    private static Topics readTopics(Set<Path> runWithServices) {
        Map<String, String> byConstant = new TreeMap<>();
        Path events = root.resolve("platform/events/src/main/java");
        for (Map.Entry<Path, String> source : sources(events, ".java").entrySet()) {
            String file = source.getKey().getFileName().toString();
            if (file.endsWith("Topics.java")) {
                String type = file.substring(0, file.length() - ".java".length());
                Matcher m = TOPIC_CONSTANT.matcher(source.getValue());
                while (m.find()) {
                    byConstant.put(type + "." + m.group(1), m.group(2));
                }
            }
        }
        assertThat(byConstant).as("topic constants in platform/events/**/*Topics.java").isNotEmpty();

        Set<String> compacted = new TreeSet<>();
        Set<String> forever = new TreeSet<>();
        Set<String> deadLettered = new TreeSet<>();
        String suffix = null;
        long retentionMs = -2;
        for (Path module : runWithServices) {
            for (Map.Entry<Path, String> source : mainSources(module).entrySet()) {
                String text = source.getValue();
                compacted.addAll(topicsIn(text, "TopicSpec\\.compacted\\(\\s*(\\w+Topics\\.\\w+)\\s*\\)", byConstant, source.getKey()));
                forever.addAll(topicsIn(text, "TopicSpec\\.forever\\(\\s*(\\w+Topics\\.\\w+)\\s*\\)", byConstant, source.getKey()));
                deadLettered.addAll(topicsIn(text, "TopicSpec\\.deadLetters\\(\\s*(\\w+Topics\\.\\w+)\\s*\\)", byConstant, source.getKey()));
                deadLettered.addAll(consumedTopics(text, byConstant, source.getKey()));
                String file = source.getKey().getFileName().toString();
                if (file.equals("DeadLetters.java")) {
                    Matcher m = Pattern.compile("topicFor\\(String \\w+\\)\\s*\\{\\s*return \\w+ \\+ \"([^\"]+)\"").matcher(text);
                    if (m.find()) {
                        suffix = m.group(1);
                    }
                }
                if (file.equals("TopicSpec.java")) {
                    Matcher m = Pattern.compile("deadLetters\\([^)]*\\)\\s*\\{[^}]*Duration\\.ofDays\\((\\d+)\\)").matcher(text);
                    if (m.find()) {
                        retentionMs = Long.parseLong(m.group(1)) * 24 * 3600 * 1000;
                    }
                }
            }
        }
        assertThat(suffix).as("the dead-letter suffix, from DeadLetters.topicFor").isNotNull();
        assertThat(retentionMs).as("the dead-letter retention, from TopicSpec.deadLetters (Duration.ofDays)").isPositive();
        return new Topics(byConstant, compacted, forever, deadLettered, suffix, retentionMs);
    }

    private static Set<String> topicsIn(String text, String regex, Map<String, String> byConstant, Path file) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(resolveTopic(m.group(1), byConstant, file));
        }
        return found;
    }

    /** The topics named in the topic list of each {@code new EventConsumer(name, List.of(…), …)}. */
    private static Set<String> consumedTopics(String text, Map<String, String> byConstant, Path file) {
        Set<String> found = new TreeSet<>();
        Matcher consumer = Pattern.compile("new\\s+EventConsumer\\s*\\(").matcher(text);
        while (consumer.find()) {
            Matcher list = Pattern.compile("List\\.of\\(([^)]*)\\)").matcher(text);
            if (list.find(consumer.end()) && list.start() - consumer.end() < 400) {
                Matcher reference = TOPIC_REFERENCE.matcher(list.group(1));
                while (reference.find()) {
                    found.add(resolveTopic(reference.group(1) + "." + reference.group(2), byConstant, file));
                }
            }
        }
        return found;
    }

    private static String resolveTopic(String constant, Map<String, String> byConstant, Path file) {
        String topic = byConstant.get(constant);
        if (topic == null) {
            throw new AssertionError(file + " uses " + constant + ", which is not a String constant of a"
                    + " platform/events/**/*Topics.java class");
        }
        return topic;
    }

    // ---------------------------------------------------------------------------------------------
    // Docker Compose
    // ---------------------------------------------------------------------------------------------

    @Test
    void composeGivesEveryServiceTheVariablesItReads() {
        List<String> problems = new ArrayList<>();
        for (ServiceCode service : services.values()) {
            Map<String, Object> container = composeService(service, problems);
            if (container == null) {
                continue;
            }
            Map<String, String> environment = composeEnvironment(container);
            for (String variable : service.requiredVariables()) {
                String value = environment.get(variable);
                if (value == null || value.isBlank()) {
                    problems.add("compose service " + composeName(service) + " does not set " + variable
                            + " (read by " + service.name() + ")");
                }
            }
            for (String variable : environment.keySet()) {
                if (variable.startsWith("MAILLAGE_") && !allowed(service, variable)) {
                    problems.add("compose service " + composeName(service) + " sets " + variable
                            + ", which " + service.name() + " does not read"
                            + (localOnlyVariables.contains(variable) ? " (it is local to the launcher)" : ""));
                }
            }
        }
        assertThat(problems).as("docker-compose.yml against the MAILLAGE_* variables of the code").isEmpty();
    }

    @Test
    void composePortsAndHealthChecksMatchTheCode() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> all = map(compose.get("services"));
        for (ServiceCode service : services.values()) {
            Map<String, Object> container = composeService(service, problems);
            if (container == null) {
                continue;
            }
            String name = composeName(service);
            Map<String, String> environment = composeEnvironment(container);
            String httpPort = environment.get(service.portVariable());
            if (httpPort != null && !httpPort.equals(Integer.toString(service.port()))) {
                problems.add(name + ": " + service.portVariable() + "=" + httpPort + ", the code's default is "
                        + service.port() + " (keep the launcher's ports)");
            }
            if (!composeContainerPorts(container).contains(service.probePort())) {
                problems.add(name + ": publishes container ports " + composeContainerPorts(container)
                        + ", not " + service.probePort());
            }
            String buildPort = str(at(container, "build", "args", "PORT"));
            if (buildPort != null && !buildPort.equals(Integer.toString(service.port()))) {
                problems.add(name + ": build arg PORT=" + buildPort + ", the code's default is " + service.port());
            }
            String buildService = str(at(container, "build", "args", "SERVICE"));
            if (buildService != null && !(buildService + "-service").equals(service.name())) {
                problems.add(name + ": build arg SERVICE=" + buildService + " builds another service than " + service.name());
            }
            String healthcheck = composeCommand(at(container, "healthcheck", "test"));
            if (healthcheck == null || !healthcheck.contains(service.healthPath())) {
                problems.add(name + ": its healthcheck (" + healthcheck + ") does not ask " + service.healthPath());
            }
            Map<String, Object> dependsOn = map(container.get("depends_on"));
            if (dependsOn.isEmpty()) {
                problems.add(name + ": depends_on with condition service_healthy is missing (Kafka, MongoDB)");
            }
            for (Map.Entry<String, Object> dependency : dependsOn.entrySet()) {
                String condition = str(at(dependency.getValue(), "condition"));
                if (!"service_healthy".equals(condition)) {
                    problems.add(name + ": depends_on " + dependency.getKey() + " without condition: service_healthy");
                } else if (at(all.get(dependency.getKey()), "healthcheck", "test") == null) {
                    problems.add(name + ": waits for " + dependency.getKey() + " to be healthy, which has no healthcheck");
                }
            }
        }
        assertThat(problems).as("docker-compose.yml ports and health checks").isEmpty();
    }

    @Test
    void composeInfrastructureMatchesTheServicesSettings() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> all = map(compose.get("services"));
        for (ServiceCode service : services.values()) {
            Map<String, Object> container = composeService(service, problems);
            if (container == null) {
                continue;
            }
            Map<String, String> environment = composeEnvironment(container);
            String bootstrap = environment.get("MAILLAGE_KAFKA_BOOTSTRAP");
            if (bootstrap != null) {
                for (String address : bootstrap.split(",")) {
                    String host = address.substring(0, address.lastIndexOf(':'));
                    Map<String, String> kafka = composeEnvironment(map(all.get(host)));
                    String listener = listenerFor(kafka.getOrDefault("KAFKA_ADVERTISED_LISTENERS", ""), address);
                    if (listener == null) {
                        problems.add(composeName(service) + ": MAILLAGE_KAFKA_BOOTSTRAP " + address
                                + " is not an advertised listener of compose service " + host);
                    } else if (!kafkaClientsSupportSecurity && !plaintext(kafka, listener)) {
                        problems.add(composeName(service) + ": " + address + " is listener " + listener
                                + ", not PLAINTEXT; the services' Kafka clients have no security settings");
                    }
                }
            }
            String uri = environment.get("MAILLAGE_MONGODB_URI");
            String replicaSet = uri == null ? null : queryParameter(uri, "replicaSet");
            if (uri != null && replicaSet == null) {
                problems.add(composeName(service) + ": MAILLAGE_MONGODB_URI has no replicaSet=, MongoDB runs as a replica set");
            } else if (replicaSet != null) {
                boolean declared = all.values().stream().map(c -> composeCommand(map(c).get("command")))
                        .anyMatch(command -> command != null && command.matches(".*--replSet[ =]" + Pattern.quote(replicaSet) + "( .*|$)"));
                if (!declared) {
                    problems.add(composeName(service) + ": replicaSet=" + replicaSet + " but no compose service runs mongod --replSet " + replicaSet);
                }
            }
        }
        assertThat(problems).as("docker-compose.yml Kafka and MongoDB against the services").isEmpty();
    }

    private static String composeName(ServiceCode service) {
        Map<String, Object> all = map(compose.get("services"));
        return all.containsKey(service.shortName()) ? service.shortName() : service.name();
    }

    private static Map<String, Object> composeService(ServiceCode service, List<String> problems) {
        Map<String, Object> all = map(compose.get("services"));
        Object found = all.containsKey(service.shortName()) ? all.get(service.shortName()) : all.get(service.name());
        if (found == null) {
            problems.add("docker-compose.yml has no service " + service.shortName() + " (or " + service.name() + ")");
            return null;
        }
        return map(found);
    }

    /** Environment of a compose service, as a map or a list of KEY=VALUE (a bare KEY is not set). */
    private static Map<String, String> composeEnvironment(Map<String, Object> container) {
        Map<String, String> environment = new TreeMap<>();
        Object raw = container.get("environment");
        if (raw instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> environment.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        } else {
            for (Object item : list(raw)) {
                String entry = String.valueOf(item);
                int equals = entry.indexOf('=');
                environment.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? null : entry.substring(equals + 1));
            }
        }
        return environment;
    }

    private static Set<Integer> composeContainerPorts(Map<String, Object> container) {
        Set<Integer> ports = new TreeSet<>();
        for (Object port : list(container.get("ports"))) {
            if (port instanceof Map<?, ?> longSyntax) {
                ports.add(Integer.valueOf(String.valueOf(longSyntax.get("target"))));
            } else {
                String text = String.valueOf(port).replaceAll("/(tcp|udp)$", "");
                ports.add(Integer.valueOf(text.substring(text.lastIndexOf(':') + 1)));
            }
        }
        return ports;
    }

    private static String composeCommand(Object command) {
        if (command == null) {
            return null;
        }
        return command instanceof List<?> parts
                ? parts.stream().map(String::valueOf).collect(Collectors.joining(" "))
                : String.valueOf(command);
    }

    /** The name of the advertised listener at host:port, or null. */
    private static String listenerFor(String advertised, String address) {
        for (String listener : advertised.split(",")) {
            int scheme = listener.indexOf("://");
            if (scheme > 0 && listener.substring(scheme + 3).trim().equals(address.trim())) {
                return listener.substring(0, scheme).trim();
            }
        }
        return null;
    }

    private static boolean plaintext(Map<String, String> kafka, String listener) {
        String map = kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP");
        if (map == null) {
            return listener.equals("PLAINTEXT");
        }
        for (String entry : map.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length == 2 && parts[0].equals(listener)) {
                return parts[1].equals("PLAINTEXT");
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Kubernetes
    // ---------------------------------------------------------------------------------------------

    @Test
    void kubernetesGivesEveryServiceTheVariablesItReads() {
        List<String> problems = new ArrayList<>();
        for (ServiceCode service : services.values()) {
            K8sObject deployment = deploymentOf(service, problems);
            if (deployment == null) {
                continue;
            }
            Map<String, Object> container = containerOf(service, deployment, problems);
            if (container == null) {
                continue;
            }
            Map<String, String> environment = environment(deployment, container, problems);
            for (String variable : service.requiredVariables()) {
                String value = environment.get(variable);
                if (value == null || value.isBlank()) {
                    problems.add("Deployment " + deployment.name() + " does not set " + variable
                            + " (read by " + service.name() + ")");
                }
            }
            for (String variable : environment.keySet()) {
                if (variable.startsWith("MAILLAGE_") && !allowed(service, variable)) {
                    problems.add("Deployment " + deployment.name() + " sets " + variable + ", which "
                            + service.name() + " does not read"
                            + (localOnlyVariables.contains(variable) ? " (it is local to the launcher)" : ""));
                }
            }
            String httpPort = environment.get(service.portVariable());
            if (httpPort != null && !httpPort.equals(Integer.toString(service.port()))) {
                problems.add("Deployment " + deployment.name() + ": " + service.portVariable() + "=" + httpPort
                        + ", the code's default is " + service.port());
            }
            String uri = environment.get("MAILLAGE_MONGODB_URI");
            if (uri != null) {
                checkMongoUri(service, deployment, uri, problems);
            }
            String bootstrap = environment.get("MAILLAGE_KAFKA_BOOTSTRAP");
            if (bootstrap != null) {
                checkKafkaBootstrap(deployment, bootstrap, problems);
            }
        }
        assertThat(problems).as("kubernetes/base Deployments against the MAILLAGE_* variables of the code").isEmpty();
    }

    @Test
    void kubernetesPortsProbesAndSecurityMatchTheCode() {
        List<String> problems = new ArrayList<>();
        for (ServiceCode service : services.values()) {
            K8sObject deployment = deploymentOf(service, problems);
            Map<String, Object> container = deployment == null ? null : containerOf(service, deployment, problems);
            if (container == null) {
                continue;
            }
            String where = "Deployment " + deployment.name();
            Map<String, Integer> ports = new TreeMap<>();
            for (Object port : list(container.get("ports"))) {
                ports.put(Objects.requireNonNullElse(str(at(port, "name")), ""), ((Number) at(port, "containerPort")).intValue());
            }
            if (!ports.containsValue(service.port())) {
                problems.add(where + ": container ports " + ports + " do not include the service's port " + service.port());
            }
            if (!service.probeGroups()) {
                problems.add(service.name() + " does not enable management.endpoint.health.probes: no liveness/readiness groups to probe");
            }
            checkProbe(where, "livenessProbe", container, Set.of(service.livenessPath()), service.probePort(), ports, problems, true);
            checkProbe(where, "readinessProbe", container, Set.of(service.readinessPath()), service.probePort(), ports, problems, true);
            checkProbe(where, "startupProbe", container, Set.of(service.livenessPath(), service.healthPath()),
                    service.probePort(), ports, problems, false);

            Map<String, Object> pod = map(at(deployment.body(), "spec", "template", "spec"));
            Object runAsNonRoot = Objects.requireNonNullElse(at(container, "securityContext", "runAsNonRoot"),
                    at(pod, "securityContext", "runAsNonRoot"));
            if (!Boolean.TRUE.equals(runAsNonRoot)) {
                problems.add(where + ": runAsNonRoot is not true");
            }
            if (!Boolean.TRUE.equals(at(container, "securityContext", "readOnlyRootFilesystem"))) {
                problems.add(where + ": readOnlyRootFilesystem is not true");
            }
            Set<String> emptyDirs = list(pod.get("volumes")).stream().filter(v -> at(v, "emptyDir") != null)
                    .map(v -> str(at(v, "name"))).collect(Collectors.toSet());
            boolean tmp = list(container.get("volumeMounts")).stream()
                    .anyMatch(m -> "/tmp".equals(str(at(m, "mountPath"))) && emptyDirs.contains(str(at(m, "name"))));
            if (!tmp) {
                problems.add(where + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
            }
            for (String kind : List.of("requests", "limits")) {
                if (at(container, "resources", kind, "memory") == null) {
                    problems.add(where + ": no resources." + kind + ".memory");
                }
            }

            Map<String, Object> podLabels = map(at(deployment.body(), "spec", "template", "metadata", "labels"));
            boolean exposed = base.objects("Service").stream().anyMatch(svc -> {
                Map<String, Object> selector = map(at(svc.body(), "spec", "selector"));
                return !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet())
                        && list(at(svc.body(), "spec", "ports")).stream().anyMatch(p -> {
                            Object target = Objects.requireNonNullElse(at(p, "targetPort"), at(p, "port"));
                            Integer resolved = target instanceof Number n ? Integer.valueOf(n.intValue()) : ports.get(String.valueOf(target));
                            return resolved != null && resolved == service.port();
                        });
            });
            if (!exposed) {
                problems.add(where + ": no Service selects its pods on port " + service.port());
            }
        }
        assertThat(problems).as("kubernetes/base ports, probes and security").isEmpty();
    }

    @Test
    void kubernetesWorkloadsHaveBudgetsAndAutoscalersPointAtThem() {
        List<String> problems = new ArrayList<>();
        List<K8sObject> workloads = new ArrayList<>(base.objects("Deployment"));
        workloads.addAll(base.objects("StatefulSet"));
        for (K8sObject workload : workloads) {
            Map<String, Object> labels = map(at(workload.body(), "spec", "template", "metadata", "labels"));
            boolean budgeted = base.objects("PodDisruptionBudget").stream().anyMatch(pdb -> {
                Map<String, Object> selector = map(at(pdb.body(), "spec", "selector", "matchLabels"));
                return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
            });
            if (!budgeted) {
                problems.add(workload.kind() + " " + workload.name() + " has no PodDisruptionBudget");
            }
        }
        for (K8sObject hpa : base.objects("HorizontalPodAutoscaler")) {
            String kind = str(at(hpa.body(), "spec", "scaleTargetRef", "kind"));
            String name = str(at(hpa.body(), "spec", "scaleTargetRef", "name"));
            if (base.find(kind, name) == null) {
                problems.add("HorizontalPodAutoscaler " + hpa.name() + " scales " + kind + " " + name + ", which base lacks");
            }
        }
        assertThat(base.objects("HorizontalPodAutoscaler")).as("HorizontalPodAutoscalers in kubernetes/base").isNotEmpty();
        assertThat(problems).as("kubernetes/base budgets and autoscalers").isEmpty();
    }

    @Test
    void everyTopicTheCodeUsesHasAKafkaTopic() {
        Map<String, K8sObject> kafkaTopics = new TreeMap<>();
        for (K8sObject topic : base.objects("KafkaTopic")) {
            String name = Objects.requireNonNullElse(str(at(topic.body(), "spec", "topicName")), topic.name());
            kafkaTopics.put(name, topic);
        }
        List<String> problems = new ArrayList<>();
        for (String topic : topics.all()) {
            if (!kafkaTopics.containsKey(topic)) {
                problems.add("no KafkaTopic for " + topic + " (a constant of platform/events)");
            }
        }
        for (String source : topics.needingDeadLetters()) {
            String dlq = source + topics.deadLetterSuffix();
            K8sObject topic = kafkaTopics.get(dlq);
            if (topic == null) {
                problems.add("no KafkaTopic for " + dlq + " (" + source + " is consumed or declares dead letters)");
            } else if (!Long.toString(topics.deadLetterRetentionMs()).equals(str(at(topic.body(), "spec", "config", "retention.ms")))) {
                problems.add("KafkaTopic " + dlq + ": retention.ms " + at(topic.body(), "spec", "config", "retention.ms")
                        + ", TopicSpec.deadLetters keeps dead letters " + topics.deadLetterRetentionMs() + " ms");
            }
        }
        for (String topic : topics.compacted()) {
            K8sObject found = kafkaTopics.get(topic);
            String policy = found == null ? null : str(at(found.body(), "spec", "config", "cleanup.policy"));
            if (found != null && (policy == null || !policy.contains("compact"))) {
                problems.add("KafkaTopic " + topic + " is not compacted (cleanup.policy " + policy + "), the code declares it TopicSpec.compacted");
            }
        }
        for (String topic : topics.forever()) {
            K8sObject found = kafkaTopics.get(topic);
            if (found != null && !"-1".equals(str(at(found.body(), "spec", "config", "retention.ms")))) {
                problems.add("KafkaTopic " + topic + ": retention.ms must be -1, the code declares it TopicSpec.forever");
            }
            String policy = found == null ? null : str(at(found.body(), "spec", "config", "cleanup.policy"));
            if (found != null && policy != null && policy.contains("compact")) {
                problems.add("KafkaTopic " + topic + " is compacted, the code declares it TopicSpec.forever");
            }
        }
        for (String name : kafkaTopics.keySet()) {
            String source = name.endsWith(topics.deadLetterSuffix())
                    ? name.substring(0, name.length() - topics.deadLetterSuffix().length()) : name;
            if (!topics.all().contains(source)) {
                problems.add("KafkaTopic " + name + " is no topic of the code (stale or misspelt?)");
            }
        }
        assertThat(problems).as("KafkaTopics against platform/events and the TopicSpecs of the code").isEmpty();
    }

    @Test
    void kafkaTopicsAreReplicatedSoThatOneBrokerCanFail() {
        List<String> problems = new ArrayList<>();
        assertThat(base.objects("Kafka")).as("a Strimzi Kafka in kubernetes/base").isNotEmpty();
        for (K8sObject kafka : base.objects("Kafka")) {
            int brokers = base.objects("KafkaNodePool").stream()
                    .filter(pool -> kafka.name().equals(str(at(pool.body(), "metadata", "labels", "strimzi.io/cluster"))))
                    .filter(pool -> list(at(pool.body(), "spec", "roles")).contains("broker"))
                    .mapToInt(pool -> ((Number) at(pool.body(), "spec", "replicas")).intValue()).sum();
            int minIsr = intValue(at(kafka.body(), "spec", "kafka", "config", "min.insync.replicas"), 1);
            int defaultReplication = intValue(at(kafka.body(), "spec", "kafka", "config", "default.replication.factor"), 1);
            if (!(defaultReplication > minIsr && defaultReplication <= brokers)) {
                problems.add("Kafka " + kafka.name() + ": default.replication.factor " + defaultReplication + ", min.insync.replicas "
                        + minIsr + ", " + brokers + " brokers: need min.insync < replication <= brokers");
            }
            if (brokers < 3) {
                problems.add("Kafka " + kafka.name() + ": " + brokers + " brokers in its node pools, base needs 3");
            }
        }
        for (K8sObject topic : base.objects("KafkaTopic")) {
            String cluster = str(at(topic.body(), "metadata", "labels", "strimzi.io/cluster"));
            K8sObject kafka = base.find("Kafka", cluster);
            if (kafka == null) {
                problems.add("KafkaTopic " + topic.name() + " belongs to Kafka " + cluster + ", which base lacks");
                continue;
            }
            int replicas = intValue(at(topic.body(), "spec", "replicas"), 0);
            int minIsr = intValue(Objects.requireNonNullElse(at(topic.body(), "spec", "config", "min.insync.replicas"),
                    at(kafka.body(), "spec", "kafka", "config", "min.insync.replicas")), 1);
            if (replicas < 3 || replicas <= minIsr) {
                problems.add("KafkaTopic " + topic.name() + ": replicas " + replicas + ", min.insync.replicas " + minIsr
                        + " (base: 3 replicas, one more than min.insync.replicas)");
            }
            if (intValue(at(topic.body(), "spec", "partitions"), 0) < 1) {
                problems.add("KafkaTopic " + topic.name() + ": no partitions");
            }
        }
        assertThat(problems).as("Kafka replication in kubernetes/base").isEmpty();
    }

    @Test
    void overlaysPatchWhatTheBaseHas() {
        List<String> problems = new ArrayList<>();
        Path overlays = root.resolve("deploy/kubernetes/overlays");
        List<Path> dirs;
        try (Stream<Path> list = Files.list(overlays)) {
            dirs = list.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(dirs.stream().map(d -> d.getFileName().toString())).as("kustomize overlays").contains("dev", "prod");
        for (Path dir : dirs) {
            String overlay = "overlays/" + dir.getFileName();
            Map<String, Object> kustomization = map(loadYaml(dir.resolve("kustomization.yaml")).get(0));
            boolean usesBase = list(kustomization.get("resources")).stream()
                    .anyMatch(r -> dir.resolve(String.valueOf(r)).normalize().equals(base.dir()));
            if (!usesBase) {
                problems.add(overlay + " does not build on ../../base");
            }
            for (Object replicas : list(kustomization.get("replicas"))) {
                String name = str(at(replicas, "name"));
                if (base.find("Deployment", name) == null && base.find("StatefulSet", name) == null) {
                    problems.add(overlay + ": replicas for " + name + ", which base lacks");
                }
            }
            Set<String> images = new TreeSet<>();
            for (K8sObject object : base.objects()) {
                for (Object container : list(at(object.body(), "spec", "template", "spec", "containers"))) {
                    String image = str(at(container, "image"));
                    images.add(image.replaceFirst(":[^:/]+$", ""));
                }
            }
            for (Object image : list(kustomization.get("images"))) {
                if (!images.contains(str(at(image, "name")))) {
                    problems.add(overlay + ": images entry " + at(image, "name") + " matches no container image of base " + images);
                }
            }
            for (Object patch : list(kustomization.get("patches"))) {
                Map<String, Object> target = map(at(patch, "target"));
                List<Object> documents = new ArrayList<>();
                if (at(patch, "path") != null) {
                    Path file = dir.resolve(str(at(patch, "path")));
                    if (!Files.isRegularFile(file)) {
                        problems.add(overlay + ": patch file " + file.getFileName() + " is missing");
                        continue;
                    }
                    documents.addAll(loadYaml(file));
                } else if (at(patch, "patch") != null) {
                    Object inline = loadYamlText(str(at(patch, "patch"))).get(0);
                    if (inline instanceof Map<?, ?>) {
                        documents.add(inline);
                    }
                }
                if (!target.isEmpty()) {
                    if (base.matching(target).isEmpty()) {
                        problems.add(overlay + ": patch target " + target + " matches nothing in base");
                    }
                    continue;
                }
                for (Object document : documents) {
                    String kind = str(at(document, "kind"));
                    String name = str(at(document, "metadata", "name"));
                    K8sObject patched = base.find(kind, name);
                    if (patched == null) {
                        problems.add(overlay + ": patches " + kind + " " + name + ", which base lacks");
                    } else if (kind.equals("ConfigMap")) {
                        for (String key : map(at(document, "data")).keySet()) {
                            if (!map(at(patched.body(), "data")).containsKey(key)) {
                                problems.add(overlay + ": sets ConfigMap " + name + " key " + key + ", which base lacks (misspelt?)");
                            }
                        }
                    }
                }
            }
        }
        assertThat(problems).as("kustomize overlays against the base").isEmpty();
    }

    @Test
    void baseListsEveryManifestAndCommitsNoSecret() {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base.dir())) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml") && !base.files().contains(file)) {
                    problems.add(base.dir().relativize(file) + " is not listed in any kustomization.yaml resources");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path source : base.generatedFrom()) {
            Path ignore = source.getParent().resolve(".gitignore");
            boolean ignored = Files.isRegularFile(ignore) && read(ignore).lines().map(String::trim).anyMatch(line -> line.equals("*"));
            if (!ignored) {
                problems.add("secret source " + base.dir().relativize(source) + " is not git-ignored (" + ignore + " with '*')");
            }
        }
        assertThat(problems).as("kubernetes/base kustomization").isEmpty();
    }

    @Test
    void localOnlyVariablesAreDocumentedAndNeverDeployed() {
        String operations = read(root.resolve("docs/operations.md"));
        List<String> problems = new ArrayList<>();
        for (String variable : localOnlyVariables) {
            if (!operations.contains(variable)) {
                problems.add(variable + " is read only by the launcher's modules: docs/operations.md must say so");
            }
        }
        assertThat(problems).as("local-only variables " + localOnlyVariables).isEmpty();
    }

    private static K8sObject deploymentOf(ServiceCode service, List<String> problems) {
        K8sObject deployment = Objects.requireNonNullElse(base.find("Deployment", service.name()),
                base.find("Deployment", service.shortName()));
        if (deployment == null) {
            problems.add("kubernetes/base has no Deployment " + service.name());
        }
        return deployment;
    }

    private static Map<String, Object> containerOf(ServiceCode service, K8sObject deployment, List<String> problems) {
        List<Object> containers = list(at(deployment.body(), "spec", "template", "spec", "containers"));
        if (containers.size() == 1) {
            return map(containers.get(0));
        }
        for (Object container : containers) {
            if (service.shortName().equals(str(at(container, "name"))) || service.name().equals(str(at(container, "name")))) {
                return map(container);
            }
        }
        problems.add("Deployment " + deployment.name() + ": no container named " + service.shortName());
        return null;
    }

    /**
     * The environment of a container as Kubernetes gives it: envFrom first, then env in order,
     * {@code $(VAR)} expanded from what came before. ConfigMap values are read from base; Secret
     * values are unknown ("&lt;secret&gt;"), but the Secret and its key must exist.
     */
    private static Map<String, String> environment(K8sObject deployment, Map<String, Object> container, List<String> problems) {
        Map<String, String> environment = new LinkedHashMap<>();
        String where = "Deployment " + deployment.name();
        for (Object from : list(container.get("envFrom"))) {
            String prefix = Objects.requireNonNullElse(str(at(from, "prefix")), "");
            for (String kind : List.of("configMapRef", "secretRef")) {
                String name = str(at(from, kind, "name"));
                if (name == null) {
                    continue;
                }
                K8sObject source = base.find(kind.equals("configMapRef") ? "ConfigMap" : "Secret", name);
                if (source == null) {
                    problems.add(where + ": envFrom " + kind + " " + name + ", which base lacks");
                    continue;
                }
                for (String key : keysOf(source)) {
                    environment.put(prefix + key, kind.equals("configMapRef") ? str(at(source.body(), "data", key)) : "<secret>");
                }
            }
        }
        for (Object entry : list(container.get("env"))) {
            String name = str(at(entry, "name"));
            Object value = at(entry, "value");
            String resolved;
            if (value != null) {
                resolved = expand(String.valueOf(value), environment);
            } else if (at(entry, "valueFrom", "configMapKeyRef") != null) {
                resolved = reference(where, "ConfigMap", map(at(entry, "valueFrom", "configMapKeyRef")), problems);
            } else if (at(entry, "valueFrom", "secretKeyRef") != null) {
                resolved = reference(where, "Secret", map(at(entry, "valueFrom", "secretKeyRef")), problems);
            } else {
                resolved = at(entry, "valueFrom") != null ? "<field>" : "";
            }
            environment.put(name, resolved);
        }
        return environment;
    }

    private static String reference(String where, String kind, Map<String, Object> ref, List<String> problems) {
        String name = str(ref.get("name"));
        String key = str(ref.get("key"));
        K8sObject source = base.find(kind, name);
        if (source == null || !keysOf(source).contains(key)) {
            if (!Boolean.TRUE.equals(ref.get("optional"))) {
                problems.add(where + ": " + kind + " " + name + " key " + key + " is not in base");
            }
            return null;
        }
        return kind.equals("Secret") ? "<secret>" : str(at(source.body(), "data", key));
    }

    private static String expand(String value, Map<String, String> before) {
        Matcher m = K8S_VARIABLE_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = before.containsKey(m.group(1)) ? Objects.toString(before.get(m.group(1)), "") : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Set<String> keysOf(K8sObject object) {
        Set<String> keys = new TreeSet<>(map(at(object.body(), "data")).keySet());
        keys.addAll(map(at(object.body(), "stringData")).keySet());
        return keys;
    }

    private static void checkProbe(String where, String probe, Map<String, Object> container, Set<String> paths, int port,
                                   Map<String, Integer> ports, List<String> problems, boolean required) {
        Object httpGet = at(container, probe, "httpGet");
        if (httpGet == null) {
            if (required) {
                problems.add(where + ": no " + probe + " with httpGet " + paths);
            }
            return;
        }
        String actual = str(at(httpGet, "path"));
        if (!paths.contains(actual)) {
            problems.add(where + ": " + probe + " asks " + actual + ", the service answers " + new TreeSet<>(paths));
        }
        Object portRef = at(httpGet, "port");
        Integer resolved = portRef instanceof Number n ? Integer.valueOf(n.intValue()) : ports.get(String.valueOf(portRef));
        if (resolved == null || resolved != port) {
            problems.add(where + ": " + probe + " on port " + portRef + ", the service listens on " + port);
        }
    }

    private static void checkMongoUri(ServiceCode service, K8sObject deployment, String uri, List<String> problems) {
        String where = "Deployment " + deployment.name();
        String replicaSet = queryParameter(uri, "replicaSet");
        if (replicaSet == null) {
            problems.add(where + ": MAILLAGE_MONGODB_URI (" + uri + ") has no replicaSet=");
            return;
        }
        boolean declared = base.objects("StatefulSet").stream()
                .flatMap(sts -> list(at(sts.body(), "spec", "template", "spec", "containers")).stream())
                .map(c -> composeCommand(Stream.concat(list(at(c, "command")).stream(), list(at(c, "args")).stream()).toList()))
                .anyMatch(command -> command.matches(".*--replSet[ =]" + Pattern.quote(replicaSet) + "( .*|$)"));
        if (!declared) {
            problems.add(where + ": replicaSet=" + replicaSet + " but no StatefulSet runs mongod --replSet " + replicaSet);
        }
        Matcher user = Pattern.compile("^mongodb(?:\\+srv)?://([^:@/]+)(?::[^@]*)?@").matcher(uri);
        if (!user.find()) {
            problems.add(where + ": MAILLAGE_MONGODB_URI has no user (each service has its own)");
            return;
        }
        Set<String> grants = base.objects("ConfigMap").stream().map(cm -> str(at(cm.body(), "data", "USERS")))
                .filter(Objects::nonNull).flatMap(users -> Stream.of(users.trim().split("\\s+"))).collect(Collectors.toSet());
        if (!grants.contains(user.group(1) + ":" + service.database())) {
            problems.add(where + ": MongoDB user " + user.group(1) + " is not created with readWrite on " + service.database()
                    + " (maillage.mongodb.database of " + service.name() + "); USERS has " + grants);
        }
    }

    private static void checkKafkaBootstrap(K8sObject deployment, String bootstrap, List<String> problems) {
        for (String address : bootstrap.split(",")) {
            String host = address.substring(0, address.lastIndexOf(':')).replaceFirst("\\..*$", "");
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            K8sObject kafka = base.objects("Kafka").stream().filter(k -> host.equals(k.name() + "-kafka-bootstrap")).findFirst().orElse(null);
            if (kafka == null) {
                problems.add("Deployment " + deployment.name() + ": MAILLAGE_KAFKA_BOOTSTRAP " + address
                        + " is no <Kafka name>-kafka-bootstrap Service of a Kafka in base");
                continue;
            }
            Object listener = list(at(kafka.body(), "spec", "kafka", "listeners")).stream()
                    .filter(l -> intValue(at(l, "port"), -1) == port).findFirst().orElse(null);
            if (listener == null) {
                problems.add("Deployment " + deployment.name() + ": Kafka " + kafka.name() + " has no listener on port " + port);
            } else if (!kafkaClientsSupportSecurity
                    && (Boolean.TRUE.equals(at(listener, "tls")) || at(listener, "authentication") != null)) {
                problems.add("Deployment " + deployment.name() + ": listener " + at(listener, "name")
                        + " needs TLS or authentication, and the services' Kafka clients have no security settings");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // kustomize, read as kustomize does (resources, generators), without running it
    // ---------------------------------------------------------------------------------------------

    record K8sObject(String kind, String name, Map<String, Object> body, Path source) {
    }

    record Kustomization(Path dir, List<K8sObject> objects, Set<Path> files, Set<Path> generatedFrom) {

        static Kustomization load(Path dir) {
            List<K8sObject> objects = new ArrayList<>();
            Set<Path> files = new LinkedHashSet<>();
            Set<Path> generatedFrom = new LinkedHashSet<>();
            collect(dir.normalize(), objects, files, generatedFrom);
            return new Kustomization(dir.normalize(), objects, files, generatedFrom);
        }

        private static void collect(Path dir, List<K8sObject> objects, Set<Path> files, Set<Path> generatedFrom) {
            Path file = dir.resolve("kustomization.yaml");
            Map<String, Object> kustomization = map(loadYaml(file).get(0));
            for (Object resource : list(kustomization.get("resources"))) {
                Path path = dir.resolve(String.valueOf(resource)).normalize();
                if (Files.isDirectory(path)) {
                    collect(path, objects, files, generatedFrom);
                } else if (Files.isRegularFile(path)) {
                    files.add(path);
                    for (Object document : loadYaml(path)) {
                        Map<String, Object> body = map(document);
                        if (!body.isEmpty()) {
                            objects.add(new K8sObject(str(body.get("kind")), str(at(body, "metadata", "name")), body, path));
                        }
                    }
                } else {
                    throw new AssertionError(file + " lists " + resource + ", which does not exist");
                }
            }
            for (String generator : List.of("secretGenerator", "configMapGenerator")) {
                for (Object entry : list(kustomization.get(generator))) {
                    Map<String, Object> data = new TreeMap<>();
                    for (Object literal : list(at(entry, "literals"))) {
                        String text = String.valueOf(literal);
                        data.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
                    }
                    for (Object source : list(at(entry, "files"))) {
                        String text = String.valueOf(source);
                        int equals = text.indexOf('=');
                        Path path = dir.resolve(equals < 0 ? text : text.substring(equals + 1)).normalize();
                        data.put(equals < 0 ? path.getFileName().toString() : text.substring(0, equals), "<file>");
                        generatedFrom.add(path);
                    }
                    if (!list(at(entry, "envs")).isEmpty()) {
                        throw new AssertionError(file + ": " + generator + " with envs: ManifestTest cannot see their keys; use files or literals");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("kind", generator.equals("secretGenerator") ? "Secret" : "ConfigMap");
                    body.put("metadata", Map.of("name", str(at(entry, "name"))));
                    body.put("data", data);
                    objects.add(new K8sObject(str(body.get("kind")), str(at(entry, "name")), body, file));
                }
            }
        }

        List<K8sObject> objects(String kind) {
            return objects.stream().filter(o -> kind.equals(o.kind())).toList();
        }

        K8sObject find(String kind, String name) {
            return objects.stream().filter(o -> Objects.equals(kind, o.kind()) && Objects.equals(name, o.name()))
                    .findFirst().orElse(null);
        }

        /** The objects a kustomize patch target selects (group, kind, name, labelSelector k=v,…). */
        List<K8sObject> matching(Map<String, Object> target) {
            return objects.stream().filter(o -> {
                String group = str(target.get("group"));
                String apiVersion = Objects.requireNonNullElse(str(o.body().get("apiVersion")), "");
                String objectGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                if (group != null && !group.equals(objectGroup)) {
                    return false;
                }
                if (target.get("kind") != null && !str(target.get("kind")).equals(o.kind())) {
                    return false;
                }
                if (target.get("name") != null && !str(target.get("name")).equals(o.name())) {
                    return false;
                }
                String selector = str(target.get("labelSelector"));
                if (selector != null) {
                    Map<String, Object> labels = map(at(o.body(), "metadata", "labels"));
                    for (String requirement : selector.split(",")) {
                        String[] kv = requirement.trim().split("=", 2);
                        if (!Objects.equals(kv.length > 1 ? kv[1] : null, str(labels.get(kv[0])))) {
                            return false;
                        }
                    }
                }
                return true;
            }).toList();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Small helpers
    // ---------------------------------------------------------------------------------------------

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static List<Object> loadYaml(Path file) {
        try {
            return loadYamlText(read(file));
        } catch (RuntimeException e) {
            throw new AssertionError("Cannot read " + file + " as YAML: " + e.getMessage(), e);
        }
    }

    static List<Object> loadYamlText(String text) {
        List<Object> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java sources and configuration resources of a module's main source set, by path. */
    private static Map<Path, String> mainSources(Path module) {
        Map<Path, String> all = new TreeMap<>(sources(module.resolve("src/main/java"), ".java"));
        all.putAll(sources(module.resolve("src/main/resources"), ".yml", ".yaml", ".properties", ".imports"));
        return all;
    }

    private static Map<Path, String> sources(Path dir, String... suffixes) {
        Map<Path, String> result = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Stream.of(suffixes).anyMatch(s -> file.toString().endsWith(s))) {
                    result.put(file, read(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static void addAll(Collection<String> into, Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> into) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?>) {
                flatten(key, map(entry.getValue()), into);
            } else if (entry.getValue() instanceof List<?> items) {
                into.put(key, items.stream().map(String::valueOf).collect(Collectors.joining(",")));
            } else {
                into.put(key, entry.getValue());
            }
        }
    }

    private static String queryParameter(String uri, String name) {
        Matcher m = Pattern.compile("[?&]" + Pattern.quote(name) + "=([^&]+)").matcher(uri);
        return m.find() ? m.group(1) : null;
    }

    private static int intValue(Object value, int otherwise) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? otherwise : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    static String str(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Element parseXml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && name.equals(element.getTagName())) {
                result.add(element);
            }
        }
        return result;
    }

    private static String childText(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
