package deploy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"
)

// replicaManifests strictly decodes every document in
// deploy/kubernetes/replicas into its API type: one Deployment,
// PodDisruptionBudget and Service, and the example Secrets by name.
func replicaManifests(t *testing.T) (dep appsv1.Deployment, pdb policyv1.PodDisruptionBudget, svc corev1.Service, secrets map[string]corev1.Secret) {
	t.Helper()
	files, err := filepath.Glob("kubernetes/replicas/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	secrets = map[string]corev1.Secret{}
	seen := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range bytes.Split(data, []byte("\n---\n")) {
			var meta struct{ APIVersion, Kind string }
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var target any
			var secret corev1.Secret
			switch meta.APIVersion + " " + meta.Kind {
			case "apps/v1 Deployment":
				target = &dep
			case "policy/v1 PodDisruptionBudget":
				target = &pdb
			case "v1 Service":
				target = &svc
			case "v1 Secret":
				target = &secret
			default:
				t.Fatalf("%s: unexpected %s %s", f, meta.APIVersion, meta.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, target); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			if meta.Kind == "Secret" {
				secrets[secret.Name] = secret
			} else {
				seen[meta.Kind]++
			}
		}
	}
	for _, kind := range []string{"Deployment", "PodDisruptionBudget", "Service"} {
		if seen[kind] != 1 {
			t.Fatalf("%d %s manifests; want exactly one", seen[kind], kind)
		}
	}
	return
}

// selects reports whether a label selector selects a pod with these labels.
func selects(t *testing.T, sel *metav1.LabelSelector, podLabels map[string]string) bool {
	t.Helper()
	if sel == nil {
		return false
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Errorf("selector %+v: %v", sel, err)
		return false
	}
	return !s.Empty() && s.Matches(labels.Set(podLabels))
}

// show prints an optional number.
func show[T int32 | int64](v *T) string {
	if v == nil {
		return "unset"
	}
	return fmt.Sprint(*v)
}

// containerPort resolves a probe's or Service's port (a name or a number)
// to the container port it reaches; 0 if none.
func containerPort(c corev1.Container, p intstr.IntOrString) int32 {
	for _, cp := range c.Ports {
		if p.Type == intstr.String && cp.Name == p.StrVal || p.Type == intstr.Int && cp.ContainerPort == p.IntVal {
			return cp.ContainerPort
		}
	}
	return 0
}

// TestKubernetesReplicas checks deploy/kubernetes/replicas: three replicas
// on PostgreSQL, rolled one at a time, spread over nodes, kept two by the
// disruption budget, hardened as the StatefulSet is.
func TestKubernetesReplicas(t *testing.T) {
	dep, pdb, svc, secrets := replicaManifests(t)
	sts, _, _, ns := manifests(t)
	pod := dep.Spec.Template

	for kind, namespace := range map[string]string{"Deployment": dep.Namespace, "PodDisruptionBudget": pdb.Namespace, "Service": svc.Namespace} {
		if namespace != ns.Name {
			t.Errorf("%s in namespace %q; want %q", kind, namespace, ns.Name)
		}
	}
	for name, s := range secrets {
		if s.Namespace != ns.Name {
			t.Errorf("Secret %s in namespace %q; want %q", name, s.Namespace, ns.Name)
		}
	}
	if ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("namespace labels %v; the pods are written for Pod Security restricted", ns.Labels)
	}

	// Three replicas, replaced one at a time, a new one ready first.
	if dep.Spec.Replicas == nil || *dep.Spec.Replicas != 3 {
		t.Errorf("replicas %s; want 3", show(dep.Spec.Replicas))
	}
	if s := dep.Spec.Strategy; s.Type != appsv1.RollingUpdateDeploymentStrategyType || s.RollingUpdate == nil ||
		s.RollingUpdate.MaxUnavailable == nil || *s.RollingUpdate.MaxUnavailable != intstr.FromInt32(0) ||
		s.RollingUpdate.MaxSurge == nil || *s.RollingUpdate.MaxSurge != intstr.FromInt32(1) {
		t.Errorf("strategy %+v; want RollingUpdate with maxUnavailable 0, maxSurge 1", s)
	}
	if !selects(t, dep.Spec.Selector, pod.Labels) {
		t.Fatalf("the Deployment's selector %+v does not select its pods %v", dep.Spec.Selector, pod.Labels)
	}
	if selects(t, dep.Spec.Selector, sts.Spec.Template.Labels) {
		t.Errorf("the Deployment's selector %+v also selects the StatefulSet's pods %v", dep.Spec.Selector, sts.Spec.Template.Labels)
	}

	// The disruption budget keeps two of the three.
	if pdb.Spec.MinAvailable == nil || *pdb.Spec.MinAvailable != intstr.FromInt32(2) || pdb.Spec.MaxUnavailable != nil {
		t.Errorf("PodDisruptionBudget minAvailable %v, maxUnavailable %v; want minAvailable 2", pdb.Spec.MinAvailable, pdb.Spec.MaxUnavailable)
	}
	if !selects(t, pdb.Spec.Selector, pod.Labels) {
		t.Errorf("the PodDisruptionBudget's selector %+v does not select the pods %v", pdb.Spec.Selector, pod.Labels)
	}

	// Spread over nodes: a hard topology spread or a required anti-affinity
	// on the node, over the replicas' own pods.
	spread := false
	for _, c := range pod.Spec.TopologySpreadConstraints {
		if c.TopologyKey == corev1.LabelHostname && c.WhenUnsatisfiable == corev1.DoNotSchedule && c.MaxSkew == 1 && selects(t, c.LabelSelector, pod.Labels) {
			spread = true
		}
	}
	if a := pod.Spec.Affinity; a != nil && a.PodAntiAffinity != nil {
		for _, term := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			if term.TopologyKey == corev1.LabelHostname && selects(t, term.LabelSelector, pod.Labels) {
				spread = true
			}
		}
	}
	if !spread {
		t.Errorf("topology spread %+v, affinity %+v; want the replicas on different nodes", pod.Spec.TopologySpreadConstraints, pod.Spec.Affinity)
	}

	if len(pod.Spec.Containers) != 1 {
		t.Fatalf("%d containers; want 1", len(pod.Spec.Containers))
	}
	c := pod.Spec.Containers[0]
	ref := sts.Spec.Template.Spec.Containers[0]
	if c.Image != ref.Image || !slices.Equal(c.Args, ref.Args) {
		t.Errorf("image %q args %v; want the StatefulSet's %q %v", c.Image, c.Args, ref.Image, ref.Args)
	}

	// The same security context as the StatefulSet: non-root 65532, a
	// read-only root, no escalation, no capabilities, seccomp RuntimeDefault.
	psc, sc := pod.Spec.SecurityContext, c.SecurityContext
	if !reflect.DeepEqual(psc, sts.Spec.Template.Spec.SecurityContext) || !reflect.DeepEqual(sc, ref.SecurityContext) {
		t.Errorf("security contexts %+v, %+v; want the StatefulSet's %+v, %+v", psc, sc, sts.Spec.Template.Spec.SecurityContext, ref.SecurityContext)
	}
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser != 65532 ||
		psc.RunAsGroup == nil || *psc.RunAsGroup != 65532 || psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("pod security context %+v; want non-root 65532:65532 with seccomp RuntimeDefault", psc)
	}
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Privileged != nil && *sc.Privileged || sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) != 0 {
		t.Errorf("container security context %+v; want a read-only root, no escalation, all capabilities dropped", sc)
	}
	if pod.Spec.AutomountServiceAccountToken == nil || *pod.Spec.AutomountServiceAccountToken {
		t.Error("the pods mount a service account token; the bot does not talk to the API server")
	}
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("resources %+v; want requests and limits", c.Resources)
	}

	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	ops, public := containerPort(c, intstr.FromString("ops")), containerPort(c, intstr.FromString("public"))
	if ops != 8080 || public != 8081 || len(c.Ports) != 2 {
		t.Fatalf("container ports %+v; want ops 8080 and public 8081", c.Ports)
	}
	if env["DOCKERQOTD_HTTP_ADDR"].Value != "0.0.0.0:8080" || env["DOCKERQOTD_PUBLIC_ADDR"].Value != "0.0.0.0:8081" {
		t.Errorf("DOCKERQOTD_HTTP_ADDR=%q, DOCKERQOTD_PUBLIC_ADDR=%q; want 0.0.0.0:8080 and 0.0.0.0:8081 (the container ports)", env["DOCKERQOTD_HTTP_ADDR"].Value, env["DOCKERQOTD_PUBLIC_ADDR"].Value)
	}

	// Readiness is /readyz (the database included), liveness /healthz, both
	// on the ops port.
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		want := map[string]string{"liveness": "/healthz", "readiness": "/readyz"}[name]
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != want || containerPort(c, p.HTTPGet.Port) != 8080 {
			t.Errorf("%s probe %+v; want GET %s on the ops port 8080", name, p, want)
		}
	}
	stop := int64(0)
	if l := c.Lifecycle; l != nil && l.PreStop != nil && l.PreStop.Sleep != nil {
		stop = l.PreStop.Sleep.Seconds
	} else if l != nil && l.PreStop != nil {
		t.Errorf("preStop %+v; the image has no shell, only a sleep action works", l.PreStop)
	}
	if g := pod.Spec.TerminationGracePeriodSeconds; g == nil || *g < stop+10 {
		t.Errorf("terminationGracePeriodSeconds %s; want at least the preStop pause (%d s) and the bot's 10 s shutdown", show(g), stop)
	}

	// The database URL only from a Secret key, which the example defines.
	db := env["DOCKERQOTD_DB"]
	if db.Value != "" || db.ValueFrom == nil || db.ValueFrom.SecretKeyRef == nil {
		t.Errorf("DOCKERQOTD_DB %+v; want it from a secretKeyRef", db)
	} else if ref := db.ValueFrom.SecretKeyRef; ref.Optional != nil && *ref.Optional {
		t.Errorf("DOCKERQOTD_DB's secretKeyRef is optional; without it the bot would fall back to a bbolt file")
	} else if _, ok := secrets[ref.Name].StringData[ref.Key]; !ok {
		t.Errorf("DOCKERQOTD_DB names key %q of Secret %q, which secret.example.yaml lacks", ref.Key, ref.Name)
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.Name != "DOCKERQOTD_DB" {
			t.Errorf("env %s comes from %+v; only the database URL is taken into the environment", e.Name, e.ValueFrom)
		}
		if urlWithPassword.MatchString(e.Value) {
			t.Errorf("env %s holds a URL with a password", e.Name)
		}
	}

	// Replica mode: no gateway, Slack in HTTP mode, tokens as files from a
	// Secret mounted read-only.
	if env["DISCORD_GATEWAY"].Value != "off" {
		t.Errorf("DISCORD_GATEWAY=%q; replicas run without the gateway (off)", env["DISCORD_GATEWAY"].Value)
	}
	if _, ok := env["DISCORD_PUBLIC_KEY"]; !ok {
		t.Error("DISCORD_PUBLIC_KEY is not listed; without the gateway Discord's interactions need it")
	}
	for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_APP_TOKEN_FILE", "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} {
		if _, ok := env[name]; ok {
			t.Errorf("%s is set; replicas read tokens from files and run Slack in HTTP mode", name)
		}
	}
	mounts := map[string]corev1.VolumeMount{}
	for _, m := range c.VolumeMounts {
		mounts[m.Name] = m
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Spec.Volumes {
		volumes[v.Name] = v
	}
	for _, name := range []string{"DISCORD_TOKEN_FILE", "SLACK_BOT_TOKEN_FILE", "SLACK_SIGNING_SECRET_FILE"} {
		path := env[name].Value
		found := false
		for _, m := range c.VolumeMounts {
			v := volumes[m.Name]
			rel, err := filepath.Rel(m.MountPath, path)
			if v.Secret == nil || err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			found = true
			if !m.ReadOnly {
				t.Errorf("%s: the secret mount %s is writable", name, m.MountPath)
			}
			key := rel // the whole Secret, or the item projected there
			if len(v.Secret.Items) > 0 {
				i := slices.IndexFunc(v.Secret.Items, func(i corev1.KeyToPath) bool { return i.Path == rel })
				if i < 0 {
					t.Errorf("%s=%s: the volume's items do not project %s", name, path, rel)
					continue
				}
				key = v.Secret.Items[i].Key
			}
			if _, ok := secrets[v.Secret.SecretName].StringData[key]; !ok {
				t.Errorf("%s=%s reads key %q of Secret %q, which secret.example.yaml lacks", name, path, key, v.Secret.SecretName)
			}
		}
		if !found {
			t.Errorf("%s=%q is in no Secret mount", name, path)
		}
	}
	// /data is read-only: an empty URL means the default bbolt file, and a
	// private database per replica must fail instead.
	dataRO := false
	for _, m := range c.VolumeMounts {
		if m.MountPath == "/data" {
			dataRO = m.ReadOnly
		}
	}
	if !dataRO {
		t.Errorf("volume mounts %+v; want /data mounted read-only", c.VolumeMounts)
	}

	// The Service serves the public port to the ready replicas, and nothing
	// of the ops port (metrics, /backup).
	if !selects(t, &metav1.LabelSelector{MatchLabels: svc.Spec.Selector}, pod.Labels) {
		t.Errorf("Service selector %v does not select the pods %v", svc.Spec.Selector, pod.Labels)
	}
	if svc.Spec.Type == corev1.ServiceTypeNodePort || svc.Spec.Type == corev1.ServiceTypeLoadBalancer || svc.Spec.Type == corev1.ServiceTypeExternalName {
		t.Errorf("Service type %s; the public port is reached through an Ingress or Gateway with TLS", svc.Spec.Type)
	}
	servesPublic := false
	for _, p := range svc.Spec.Ports {
		switch containerPort(c, p.TargetPort) {
		case 8081:
			servesPublic = servesPublic || p.Port == 8081
		case 8080:
			t.Errorf("Service port %+v reaches the ops port; keep metrics and /backup inside", p)
		default:
			t.Errorf("Service port %+v reaches no container port", p)
		}
	}
	if !servesPublic {
		t.Errorf("Service ports %+v; want port 8081 to the public container port", svc.Spec.Ports)
	}
}
