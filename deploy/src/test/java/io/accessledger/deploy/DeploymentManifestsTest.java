package io.accessledger.deploy;

import static io.accessledger.deploy.DeploymentManifests.at;
import static io.accessledger.deploy.DeploymentManifests.list;
import static io.accessledger.deploy.DeploymentManifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.Topic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files ({@code deploy/compose.yaml}, {@code deploy/k8s}) describe the suite the build makes: every
 * service with its workload resources, probes on the actuator health groups, resources, the Jib image names, the
 * registry's topics as KafkaTopics, a KafkaUser per service writing only its own topics, and only environment
 * variables the services read. Each check is also run on a copy with one thing broken, to show it can fail.
 */
class DeploymentManifestsTest {

    @Test
    void everyManifestBindsToTheKubernetesAndStrimziModelsWithNoUnknownField() {
        DeploymentManifests manifests = DeploymentManifests.load();
        assertThat(manifests.k8s).extracting(document -> document.get("kind")).contains("Kafka", "KafkaNodePool",
                "KafkaTopic", "KafkaUser", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "StatefulSet", "ConfigMap");
        assertThat(manifests.k8sBindToTheResourceModels()).isEmpty();
    }

    @Test
    void aMisspeltOrMisplacedFieldIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        Map<String, Object> container = manifests.container("approval-service");
        container.put("readinesProbe", container.remove("readinessProbe"));
        Map<String, Object> kafka = map(at(manifests.named("Kafka", "accessledger"), "spec", "kafka"));
        kafka.put("authorisation", kafka.remove("authorization"));
        assertThat(manifests.k8sBindToTheResourceModels()).containsExactlyInAnyOrder(
                "Deployment approval-service.spec.template.spec.containers[0] has fields its model does not know:"
                        + " [readinesProbe]",
                "Kafka accessledger.spec.kafka has fields its model does not know: [authorisation]");
    }

    @Test
    void everyServiceHasADeploymentServiceAutoscalerAndDisruptionBudget() {
        assertThat(DeploymentManifests.load().everyServiceHasItsWorkloadResources()).isEmpty();
    }

    @Test
    void aServiceWithoutItsDisruptionBudgetIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        manifests.k8s.remove(manifests.named("PodDisruptionBudget", "approval-service"));
        assertThat(manifests.everyServiceHasItsWorkloadResources())
                .containsExactly("approval-service has no PodDisruptionBudget");
    }

    @Test
    void probesAskTheReadinessAndLivenessHealthGroupsTheServicesEnable() {
        assertThat(DeploymentManifests.load().probesAreOnTheActuatorHealthGroups()).isEmpty();
    }

    @Test
    void aMissingOrMisdirectedProbeIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        manifests.container("policy-service").remove("readinessProbe");
        map(at(manifests.container("review-scheduler"), "livenessProbe", "httpGet")).put("path", "/actuator/health");
        assertThat(manifests.probesAreOnTheActuatorHealthGroups()).containsExactlyInAnyOrder(
                "policy-service readinessProbe is null, not /actuator/health/readiness",
                "review-scheduler livenessProbe is /actuator/health, not /actuator/health/liveness");
    }

    @Test
    void everyContainerRequestsResourcesAndRunsAsTheNonRootImageUserOnItsPort() {
        assertThat(DeploymentManifests.load().everyContainerHasResourcesAndRunsAsTheImageUser()).isEmpty();
    }

    @Test
    void aContainerWithoutRequestsOrOnAnotherPortIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        map(at(manifests.container("request-service"), "resources")).remove("requests");
        map(list(manifests.container("provisioning-service").get("ports")).get(0)).put("containerPort", 8080);
        assertThat(manifests.everyContainerHasResourcesAndRunsAsTheImageUser()).containsExactlyInAnyOrder(
                "request-service requests no cpu", "request-service requests no memory",
                "provisioning-service container port 8080 is not its server.port 8084");
    }

    @Test
    void autoscalersStopAtThePartitionCount() {
        assertThat(DeploymentManifests.load().autoscalersStopAtThePartitionCount()).isEmpty();
    }

    @Test
    void anAutoscalerBeyondThePartitionsIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        map(at(manifests.named("HorizontalPodAutoscaler", "approval-service"), "spec")).put("maxReplicas", 10);
        assertThat(manifests.autoscalersStopAtThePartitionCount())
                .containsExactly("approval-service scales to 10 instances, more than the 3 partitions");
    }

    @Test
    void deploymentsAndComposeRunTheImagesTheJibBuildNames() {
        assertThat(DeploymentManifests.jibImage("request-service")).isEqualTo("accessledger/request-service:"
                + DeploymentManifests.jibImage("x").substring("accessledger/x:".length()));
        assertThat(DeploymentManifests.load().imagesAreTheJibImages()).isEmpty();
    }

    @Test
    void anImageNotNamedAsTheBuildNamesItIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        manifests.container("review-scheduler").put("image", "accessledger/review-scheduler:latest");
        assertThat(manifests.imagesAreTheJibImages()).singleElement().asString()
                .startsWith("review-scheduler runs image accessledger/review-scheduler:latest");
    }

    @Test
    void everyTopicOfTheRegistryAndItsDeadLetterTopicIsAKafkaTopicAsTheSpineCreatesIt() {
        DeploymentManifests manifests = DeploymentManifests.load();
        assertThat(manifests.ofKind("KafkaTopic")).hasSize(Topic.values().length * 2);
        assertThat(manifests.kafkaTopicsAreTheRegistry()).isEmpty();
    }

    @Test
    void aMissingOrUnknownOrUnderReplicatedTopicIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        Map<String, Object> reviewDlt = kafkaTopic(manifests, Topic.REVIEW.deadLetterTopicName());
        manifests.k8s.remove(reviewDlt);
        Map<String, Object> approval = kafkaTopic(manifests, Topic.APPROVAL.topicName());
        map(at(approval, "spec", "config")).remove("min.insync.replicas");
        Map<String, Object> request = kafkaTopic(manifests, Topic.REQUEST.topicName());
        map(at(request, "spec")).put("topicName", "accessledger.requests.v2");
        assertThat(manifests.kafkaTopicsAreTheRegistry()).containsExactlyInAnyOrder(
                "topic accessledger.review.events.v1-dlt has no KafkaTopic",
                "accessledger.approval.events.v1 has min.insync.replicas null",
                "KafkaTopic accessledger.requests.v2 is not in the shared-events topic registry",
                "topic accessledger.request.events.v1 has no KafkaTopic");
    }

    @Test
    void eachServicesKafkaUserWritesTheTopicsItOwnsAndNoOtherOwnersTopic() {
        assertThat(DeploymentManifests.load().kafkaUsersWriteOnlyTheirOwnTopics()).isEmpty();
    }

    @Test
    void aUserWritingAnotherServicesTopicOrMissingItsGroupsIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        List<Object> acls = list(at(manifests.named("KafkaUser", "approval-service"), "spec", "authorization", "acls"));
        acls.add(Map.of("resource", Map.of("type", "topic", "name", Topic.POLICY.topicName(), "patternType",
                "literal"), "operations", List.of("Write")));
        acls.removeIf(acl -> "group".equals(at(acl, "resource", "type")));
        assertThat(manifests.kafkaUsersWriteOnlyTheirOwnTopics()).containsExactlyInAnyOrder(
                "approval-service may write another's topic accessledger.policy.events.v1",
                "approval-service cannot read its consumer groups accessledger.approval-service.*");
    }

    @Test
    void eachServicesKafkaUserReadsEveryTopicItsConsumersSubscribeToAndWritesTheirDeadLetters() {
        assertThat(DeploymentManifests.consumedTopics("review-scheduler")).contains(Topic.POLICY, Topic.REVIEW);
        assertThat(DeploymentManifests.consumedTopics("request-service")).containsAll(Topic.eventTopics());
        assertThat(DeploymentManifests.load().kafkaUsersReadWhatTheServicesConsume()).isEmpty();
    }

    @Test
    void aUserThatCannotReadAConsumedTopicOrWriteItsDeadLettersIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        list(at(manifests.named("KafkaUser", "provisioning-service"), "spec", "authorization", "acls"))
                .removeIf(acl -> String.valueOf(at(acl, "resource", "name")).startsWith(Topic.REVIEW.topicName()));
        assertThat(manifests.kafkaUsersReadWhatTheServicesConsume()).containsExactlyInAnyOrder(
                "provisioning-service consumes accessledger.review.events.v1 but may not read it",
                "provisioning-service may not dead-letter to accessledger.review.events.v1-dlt");
    }

    @Test
    void eachServiceReachesKafkaAsItsOwnKafkaUserOverTlsAndTheClusterHasNoUnauthenticatedListener() {
        assertThat(DeploymentManifests.load().servicesConnectAsTheirKafkaUsers()).isEmpty();
    }

    @Test
    void aServiceSigningInAsAnotherOrAnUnauthenticatedListenerOrASuperUserIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        for (Object variable : list(manifests.container("approval-service").get("env"))) {
            if ("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG".equals(map(variable).get("name"))) {
                map(at(variable, "valueFrom", "secretKeyRef")).put("name", "policy-service");
            }
        }
        list(manifests.container("review-scheduler").get("env"))
                .removeIf(variable -> "SPRING_KAFKA_SECURITY_PROTOCOL".equals(map(variable).get("name")));
        Map<String, Object> kafka = map(at(manifests.named("Kafka", "accessledger"), "spec", "kafka"));
        list(kafka.get("listeners")).add(new java.util.HashMap<>(Map.of("name", "plain", "port", 9092, "type",
                "internal", "tls", false)));
        map(kafka.get("authorization")).put("superUsers", List.of("ANONYMOUS"));
        assertThat(manifests.servicesConnectAsTheirKafkaUsers()).containsExactlyInAnyOrder(
                "listener plain has no authentication",
                "the cluster has super users [ANONYMOUS]",
                "approval-service connects with sasl.jaas.config secret policy-service/sasl.jaas.config, not secret "
                        + "approval-service/sasl.jaas.config",
                "review-scheduler connects with security.protocol null, not SASL_SSL");
    }

    @Test
    void everyVariableTheDeploymentsSetIsOneTheServiceReads() {
        assertThat(DeploymentManifests.load().k8sEnvironmentIsReadByTheServices()).isEmpty();
    }

    @Test
    void aVariableNoServiceReadsIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        map(list(manifests.container("policy-service").get("env")).get(0)).put("name", "ACCESSLEDGER_KAFKA_URL");
        list(manifests.container("request-service").get("env")).add(Map.of("name", "SPRING_KAFKA_SSL_PROTOCOL",
                "value", "TLSv1.3"));
        assertThat(manifests.k8sEnvironmentIsReadByTheServices()).containsExactlyInAnyOrder(
                "policy-service does not read ACCESSLEDGER_KAFKA_URL",
                "request-service does not read SPRING_KAFKA_SSL_PROTOCOL");
    }

    @Test
    void composeRunsTheSameServicesWithHealthchecksImagesAndVariablesTheyRead() {
        assertThat(DeploymentManifests.load().composeRunsTheSuite()).isEmpty();
    }

    @Test
    void composeWithoutAHealthcheckOrWithAnUnreadVariableIsReported() {
        DeploymentManifests manifests = DeploymentManifests.load();
        manifests.composeService("policy-service").remove("healthcheck");
        map(manifests.composeService("console").get("environment")).put("ACCESSLEDGER_CONSOLE_SERVICE_REQUEST", "x");
        // The services share one depends_on (a YAML anchor): this one gets its own copy without kafka.
        Map<String, Object> dependsOn = new java.util.LinkedHashMap<>(
                map(manifests.composeService("approval-service").get("depends_on")));
        dependsOn.remove("kafka");
        manifests.composeService("approval-service").put("depends_on", dependsOn);
        assertThat(manifests.composeRunsTheSuite()).containsExactlyInAnyOrder(
                "compose policy-service has no healthcheck",
                "compose policy-service healthcheck does not ask its readiness: null",
                "compose console sets ACCESSLEDGER_CONSOLE_SERVICE_REQUEST, which it does not read",
                "compose approval-service does not wait for a healthy kafka");
    }

    @Test
    void kustomizationListsEveryManifest() {
        String kustomization = DeploymentManifests.read(Path.of("k8s/kustomization.yaml"));
        assertThat(DeploymentManifests.k8sFiles()).isNotEmpty().allSatisfy(file ->
                assertThat(kustomization).contains("  - " + Path.of("k8s").relativize(file)));
    }

    private static Map<String, Object> kafkaTopic(DeploymentManifests manifests, String topicName) {
        return manifests.ofKind("KafkaTopic").stream()
                .filter(topic -> topicName.equals(at(topic, "spec", "topicName"))).findFirst().orElseThrow();
    }
}
