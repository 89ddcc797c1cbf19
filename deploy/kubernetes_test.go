package deploy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// manifests strictly decodes every file in deploy/kubernetes into its API
// type: an unknown or misspelt field fails the test.
func manifests(t *testing.T) (sts appsv1.StatefulSet, svc corev1.Service, secret corev1.Secret, ns corev1.Namespace) {
	t.Helper()
	files, err := filepath.Glob("kubernetes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range bytes.Split(data, []byte("\n---\n")) {
			var meta struct{ Kind string }
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var target any
			switch meta.Kind {
			case "StatefulSet":
				target = &sts
			case "Service":
				target = &svc
			case "Secret":
				target = &secret
			case "Namespace":
				target = &ns
			default:
				t.Fatalf("%s: unexpected kind %q", f, meta.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, target); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	return
}

func TestKubernetesManifests(t *testing.T) {
	sts, svc, secret, ns := manifests(t)
	if sts.Spec.Replicas == nil || *sts.Spec.Replicas != 1 {
		t.Errorf("replicas %v; want exactly 1 (bbolt has one writer)", sts.Spec.Replicas)
	}
	if len(sts.Spec.VolumeClaimTemplates) != 1 || sts.Spec.VolumeClaimTemplates[0].Spec.Resources.Requests.Storage().IsZero() {
		t.Fatalf("volume claims %v; want one with a size", sts.Spec.VolumeClaimTemplates)
	}
	claim := sts.Spec.VolumeClaimTemplates[0].Name
	pod := sts.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers; want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	mounts := map[string]corev1.VolumeMount{}
	for _, m := range c.VolumeMounts {
		mounts[m.Name] = m
	}
	if m, ok := mounts[claim]; !ok || !strings.HasPrefix(env["DOCKERQOTD_DB"], m.MountPath+"/") {
		t.Errorf("DOCKERQOTD_DB=%q with the claim mounted at %q; want the database on the claim", env["DOCKERQOTD_DB"], mounts[claim].MountPath)
	}

	// Probes hit the ops server on the port it listens on.
	if env["DOCKERQOTD_HTTP_ADDR"] != "0.0.0.0:8080" || len(c.Ports) != 1 || c.Ports[0].ContainerPort != 8080 {
		t.Errorf("ops address %q, ports %v; want 0.0.0.0:8080 so the kubelet reaches it", env["DOCKERQOTD_HTTP_ADDR"], c.Ports)
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		want := map[string]string{"liveness": "/healthz", "readiness": "/readyz"}[name]
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != want || p.HTTPGet.Port.String() != c.Ports[0].Name {
			t.Errorf("%s probe %+v; want GET %s on the ops port", name, p, want)
		}
	}

	// Every token file the bot reads is a key of the Secret, mounted read-only.
	var tokens *corev1.Volume
	for i, v := range pod.Volumes {
		if v.Secret != nil {
			tokens = &pod.Volumes[i]
		}
	}
	if tokens == nil || tokens.Secret.SecretName != secret.Name || !mounts[tokens.Name].ReadOnly {
		t.Fatalf("token volume %+v; want the example Secret %s mounted read-only", tokens, secret.Name)
	}
	for _, name := range []string{"DISCORD_TOKEN_FILE", "SLACK_BOT_TOKEN_FILE", "SLACK_APP_TOKEN_FILE"} {
		dir, key := filepath.Split(env[name])
		if filepath.Clean(dir) != mounts[tokens.Name].MountPath {
			t.Errorf("%s=%q is not in the secret mount %s", name, env[name], mounts[tokens.Name].MountPath)
		}
		if _, ok := secret.StringData[key]; !ok {
			t.Errorf("%s names key %q, which the example Secret lacks", name, key)
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil || strings.HasSuffix(e.Name, "_TOKEN") || e.Name == "SLACK_SIGNING_SECRET" {
			t.Errorf("env %s carries a secret value; tokens come from files", e.Name)
		}
	}

	// Non-root, read-only root, no privilege escalation, no capabilities.
	psc, sc := pod.SecurityContext, c.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 || psc.FSGroup == nil {
		t.Errorf("pod security context %+v; want non-root with an fsGroup for the volume", psc)
	}
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) {
		t.Errorf("container security context %+v; want a read-only root, no escalation, all capabilities dropped", sc)
	}
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("resources %+v; want requests and limits", c.Resources)
	}
	if pod.TerminationGracePeriodSeconds == nil || *pod.TerminationGracePeriodSeconds < 10 {
		t.Errorf("terminationGracePeriodSeconds %v; want at least the bot's 10 s shutdown", pod.TerminationGracePeriodSeconds)
	}

	// The Service selects the pods and serves the ops port.
	for k, v := range svc.Spec.Selector {
		if sts.Spec.Template.Labels[k] != v {
			t.Errorf("Service selector %s=%s does not select the pods", k, v)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].TargetPort.String() != c.Ports[0].Name {
		t.Errorf("Service ports %+v; want the ops port", svc.Spec.Ports)
	}
	for _, obj := range []string{sts.Namespace, svc.Namespace, secret.Namespace} {
		if obj != ns.Name {
			t.Errorf("object in namespace %q; want %q", obj, ns.Name)
		}
	}
}
