package io.accessledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a service's own classpath holds of the platform modules, read from the poms. The {@link Suite} runs the five
 * services in one JVM on deploy's classpath, which holds every platform module; without this each service would also
 * run the auto-configured beans — and their Kafka consumers — of modules it does not have (the audit read models of
 * request-service, the policy in force of request-service and review-scheduler), and the system tests and benchmarks
 * would measure work no deployed service does.
 */
final class ServiceClasspath {
    private static final Path ROOT = Path.of("..");
    private static final String IMPORTS =
            "src/main/resources/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
    private static final Pattern COMMENT = Pattern.compile("#.*");

    private ServiceClasspath() {
    }

    /**
     * The auto-configurations of the platform modules that {@code module}'s pom does not bring (directly or through
     * another platform module, test scope left out), for {@code spring.autoconfigure.exclude}.
     */
    static List<String> foreignAutoConfigurations(String module) {
        Set<String> own = platformClosure(module);
        Set<String> foreign = new TreeSet<>();
        for (String platformModule : platformModules()) {
            if (!own.contains(platformModule)) {
                foreign.addAll(autoConfigurations(platformModule));
            }
        }
        return new ArrayList<>(foreign);
    }

    /** The platform modules {@code module} depends on at run time, transitively through other platform modules. */
    static Set<String> platformClosure(String module) {
        Set<String> platform = new LinkedHashSet<>(platformModules());
        Set<String> seen = new LinkedHashSet<>();
        Deque<Path> poms = new ArrayDeque<>(List.of(ROOT.resolve(module).resolve("pom.xml")));
        while (!poms.isEmpty()) {
            for (String dependency : runtimeDependencies(poms.pop())) {
                if (platform.contains(dependency) && seen.add(dependency)) {
                    poms.push(ROOT.resolve("platform").resolve(dependency).resolve("pom.xml"));
                }
            }
        }
        return seen;
    }

    /** The directories under {@code platform/} (each a module named as its directory). */
    static List<String> platformModules() {
        try (Stream<Path> modules = Files.list(ROOT.resolve("platform"))) {
            return modules.filter(dir -> Files.exists(dir.resolve("pom.xml"))).map(dir -> dir.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The auto-configuration classes a platform module registers. */
    static List<String> autoConfigurations(String platformModule) {
        Path imports = ROOT.resolve("platform").resolve(platformModule).resolve(IMPORTS);
        if (!Files.exists(imports)) {
            return List.of();
        }
        try {
            return Files.readAllLines(imports).stream().map(line -> COMMENT.matcher(line).replaceAll("").trim())
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code io.accessledger} artifacts a pom depends on outside the test scope (any type). */
    private static List<String> runtimeDependencies(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            List<String> artifacts = new ArrayList<>();
            NodeList dependencies = project.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (dependency.getParentNode().getParentNode() != project) {
                    continue; // dependencyManagement and plugin dependencies are not the module's own
                }
                if ("io.accessledger".equals(text(dependency, "groupId")) && !"test".equals(text(dependency, "scope"))) {
                    artifacts.add(text(dependency, "artifactId"));
                }
            }
            return artifacts;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
