package fr.maillage.bench;

import fr.maillage.events.activity.ActivityTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./maillage cluster}: three Kafka nodes on loopback (replication factor 3,
 * {@code min.insync.replicas} 2), one MongoDB-wire server, registry, activity and partnership once
 * and reporting twice, the consumers of both (three each) in one group. The simulator publishes; during the ingest one
 * reporting instance and one Kafka node (the active controller) are killed with SIGKILL. Once the
 * node is back and every partition has its three replicas in sync, each reporting instance's totals
 * are compared with what the simulator had accepted: the survivor (which took over the dead
 * instance's partitions and re-read what it had stored) and the killed instance started again
 * (which loads everything from the store). Exits 0 only when nothing was lost or doubled.
 */
public final class Cluster {

    /** The consumer group of the activity projection, shared by every reporting instance. */
    private static final String REPORTING_GROUP = "reporting-activity-events";
    private static final Duration QUIET = Duration.ofSeconds(12); // more than two refreshes of reporting's views

    public static void main(String[] args) throws Exception {
        FaultRunOptions options = FaultRunOptions.parse("cluster", args);
        Path root = options.root();
        long events = options.events();
        // below Linux's ephemeral ports (32768-60999): a busy machine's outgoing connections cannot hold them
        ClusterStack stack = new ClusterStack(root, root.resolve(".maillage-cluster"), 25_000);
        Thread stopOnInterrupt = new Thread(stack::stopAll, "cluster-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        boolean ok = false;
        long start = System.nanoTime();
        try {
            ok = run(stack, events);
        } catch (Exception e) {
            System.out.println("cluster: failed: " + e.getMessage());
        } finally {
            say("stopping the cluster (logs stay in %s)", stack.home.resolve("logs"));
            stack.stopAll();
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        }
        say("run time %d s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(ClusterStack stack, long events) throws Exception {
        stack.clean();
        say("starting %d Kafka nodes (static quorum of %d voters) and the MongoDB-wire server under %s …",
                ClusterStack.BROKERS, ClusterStack.BROKERS, stack.home);
        List<String> infrastructure = new ArrayList<>();
        for (int node = 1; node <= ClusterStack.BROKERS; node++) {
            stack.startBroker(node);
            infrastructure.add(ClusterStack.broker(node));
        }
        stack.startMongo();
        infrastructure.add("mongodb");
        stack.awaitReady(infrastructure);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafka(), "request.timeout.ms", 5_000,
                "default.api.timeout.ms", 15_000))) {
            awaitBrokers(admin, Duration.ofMinutes(3));
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            say("quorum: %d voters, leader node %d; brokers %s", quorum.voters().size(), quorum.leaderId(),
                    admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(n -> Integer.toString(n.id()))
                            .sorted().collect(Collectors.joining(",")));

            // in two waves: nine JVMs starting at once on two shared cores starve the brokers' heartbeats
            for (List<String> wave : List.of(List.of("registry", "activity", "partnership"), ClusterStack.REPORTING)) {
                say("starting %s …", String.join(", ", wave));
                for (String service : wave) {
                    stack.startService(service);
                }
                stack.awaitReady(wave);
            }
            if (!replicationAsRequired(admin)) {
                return false;
            }
            awaitMembers(admin, 2 * ClusterStack.ACTIVITY_CONSUMERS, Duration.ofMinutes(2));

            int seconds = 60;
            double rate = Math.max(50, events / (double) seconds);
            SimulatorRun simulator = SimulatorRun.start(stack, 8, rate, seconds, 909);
            simulator.awaitPublishing();
            long publishing = System.nanoTime();

            Thread.sleep(10_000);
            say("killed reporting-2 (SIGKILL, pid %d) at %s", stack.kill("reporting-2"), since(publishing));
            Thread takeover = watchTakeover(admin, publishing);

            Thread.sleep(10_000);
            int victim = admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId();
            say("killed Kafka node %d, the active controller (SIGKILL, pid %d) at %s", victim,
                    stack.kill(ClusterStack.broker(victim)), since(publishing));

            JsonNode sent = simulator.await();
            say("publishing over at %s, with Kafka node %d still down", since(publishing), victim);

            stack.startBroker(victim);
            stack.awaitReady(List.of(ClusterStack.broker(victim)));
            long back = System.nanoTime();
            awaitInSync(admin, Duration.ofMinutes(3));
            say("Kafka node %d back; every partition has its %d replicas in sync %s later", victim,
                    ClusterStack.REPLICATION_FACTOR, seconds(System.nanoTime() - back));
            takeover.join(TimeUnit.MINUTES.toMillis(2));

            long reports = sent.path("reports").asLong();
            say("waiting for reporting-1 to count the %d reports accepted …", reports);
            Tally.awaitSettled(stack.url("reporting-1"), reports, Duration.ofMinutes(5), QUIET);

            say("starting reporting-2 again (it loads its views from the store, and takes back its share) …");
            stack.startService("reporting-2");
            stack.awaitReady(List.of("reporting-2"));
            awaitMembers(admin, 2 * ClusterStack.ACTIVITY_CONSUMERS, Duration.ofMinutes(2));
            Map<String, Long> restarted = Tally.awaitSettled(stack.url("reporting-2"), reports, Duration.ofMinutes(2), QUIET);
            Map<String, Long> survivor = Tally.awaitSettled(stack.url("reporting-1"), reports, Duration.ofMinutes(2), QUIET);

            String key = Files.readString(stack.keyFile()).trim();
            Tally.Result first = Tally.compare(sent, Tally.withPlaces(survivor, stack.url("reporting-1"), key, sent),
                    line -> say("reporting-1 %s", line.strip()));
            Tally.Result second = Tally.compare(sent, Tally.withPlaces(restarted, stack.url("reporting-2"), key, sent),
                    line -> say("reporting-2 %s", line.strip()));
            say("reporting-1 (survivor): counted=%d lost=%d duplicated=%d, figures differing %d", first.counted(),
                    first.lost(), first.duplicated(), first.mismatches());
            say("reporting-2 (restarted): counted=%d lost=%d duplicated=%d, figures differing %d", second.counted(),
                    second.lost(), second.duplicated(), second.mismatches());
            say("dead-lettered: %d", Tally.deadLettered(stack.kafka()));
            long lost = Math.max(first.lost(), second.lost());
            long duplicated = Math.max(first.duplicated(), second.duplicated());
            long refused = Tally.refused(sent);
            long unsettled = Tally.unsettled(sent);
            System.out.printf("cluster: sent=%d counted=%d lost=%d duplicated=%d refused=%d unsettled=%d%n", reports,
                    first.counted(), lost, duplicated, refused, unsettled);
            return first.exact() && second.exact() && refused == 0 && unsettled == 0;
        }
    }

    /** Waits until every node is registered as a broker (a node answers before the others have joined). */
    private static void awaitBrokers(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < ClusterStack.BROKERS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + ClusterStack.BROKERS + " brokers registered after "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    /** Every topic, internal ones included: 3 replicas each, and min.insync.replicas 2 in effect. */
    private static boolean replicationAsRequired(Admin admin) throws Exception {
        Map<String, TopicDescription> topics = describeAll(admin);
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get(30, TimeUnit.SECONDS);
        Set<String> wrong = new TreeSet<>();
        int partitions = 0;
        for (TopicDescription topic : topics.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                partitions++;
                if (partition.replicas().size() != ClusterStack.REPLICATION_FACTOR) {
                    wrong.add(topic.name() + " has " + partition.replicas().size() + " replicas");
                }
            }
            String minInsync = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                    .get("min.insync.replicas").value();
            if (!Integer.toString(ClusterStack.MIN_INSYNC_REPLICAS).equals(minInsync)) {
                wrong.add(topic.name() + " has min.insync.replicas " + minInsync);
            }
        }
        say("topics: %d (%d partitions), replication factor %d, min.insync.replicas %d%s", topics.size(), partitions,
                ClusterStack.REPLICATION_FACTOR, ClusterStack.MIN_INSYNC_REPLICAS,
                wrong.isEmpty() ? "" : ": NOT SO for " + wrong);
        return wrong.isEmpty();
    }

    private static Map<String, TopicDescription> describeAll(Admin admin) throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    /** Waits until no partition of any topic misses a replica from its in-sync set. */
    private static void awaitInSync(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long behind = describeAll(admin).values().stream().flatMap(topic -> topic.partitions().stream())
                        .filter(partition -> partition.isr().size() < partition.replicas().size()).count();
                if (behind == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(behind + " partitions still under-replicated after " + timeout.toSeconds() + " s");
                }
            } catch (java.util.concurrent.ExecutionException notYet) {
                // metadata moving: ask again
            }
            Thread.sleep(1_000);
        }
    }

    /** Waits until the reporting group has this many members, then says how the partitions are shared. */
    private static void awaitMembers(Admin admin, int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(REPORTING_GROUP)).all()
                    .get(15, TimeUnit.SECONDS).get(REPORTING_GROUP);
            List<MemberDescription> current = List.copyOf(group.members());
            boolean assigned = current.stream().allMatch(member -> !member.assignment().topicPartitions().isEmpty());
            if (current.size() == members && assigned) {
                say("group %s: %d members, partitions %s", REPORTING_GROUP, members, current.stream()
                        .map(member -> Integer.toString(member.assignment().topicPartitions().size()))
                        .collect(Collectors.joining(" + ")));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + REPORTING_GROUP + " has " + current.size() + " members, not "
                        + members + ", after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(1_000);
        }
    }

    /** Notes when the group noticed the killed instance and gave all partitions to the survivor. */
    private static Thread watchTakeover(Admin admin, long publishing) {
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(REPORTING_GROUP)).all()
                            .get(15, TimeUnit.SECONDS).get(REPORTING_GROUP);
                    // the survivor's consumers only, holding every partition of the stream between them
                    int partitions = admin.describeTopics(List.of(ActivityTopics.EVENTS)).allTopicNames()
                            .get(15, TimeUnit.SECONDS).get(ActivityTopics.EVENTS).partitions().size();
                    int held = group.members().stream()
                            .mapToInt(member -> member.assignment().topicPartitions().size()).sum();
                    if (group.members().size() == ClusterStack.ACTIVITY_CONSUMERS && held == partitions) {
                        say("group %s: the survivor's %d consumers hold all %d partitions, at %s", REPORTING_GROUP,
                                ClusterStack.ACTIVITY_CONSUMERS, held, since(publishing));
                        return;
                    }
                } catch (Exception ignored) {
                    // a coordinator moving, or the killed node: ask again
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cluster-takeover");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static String since(long start) {
        return seconds(System.nanoTime() - start);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static void say(String format, Object... args) {
        System.out.println("cluster: " + String.format(Locale.ROOT, format, args));
    }

    private Cluster() {
    }
}
