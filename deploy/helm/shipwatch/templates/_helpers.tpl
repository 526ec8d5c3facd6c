{{/*
Named templates for the shipwatch chart.

Every per-service template takes a "component context" built by "shipwatch.context":
  dict "root" $ "name" <key of .Values.services> "svc" <that entry>
so one set of templates renders any number of services.
*/}}

{{/* Chart name, overridable. */}}
{{- define "shipwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-derived prefix of every object name: the release name, or <release>-shipwatch when the
release name does not already contain the chart name.
*/}}
{{- define "shipwatch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "shipwatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels shared by every object of the release. */}}
{{- define "shipwatch.commonLabels" -}}
helm.sh/chart: {{ include "shipwatch.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: shipwatch
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "shipwatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "shipwatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Names of the Secrets the chart creates when no existingSecret is given. */}}
{{- define "shipwatch.postgresql.secretName" -}}
{{- .Values.postgresql.existingSecret | default (printf "%s-postgresql" (include "shipwatch.fullname" .)) }}
{{- end }}
{{- define "shipwatch.auth.secretName" -}}
{{- .Values.auth.existingSecret | default (printf "%s-auth" (include "shipwatch.fullname" .)) }}
{{- end }}
{{- define "shipwatch.redis.secretName" -}}
{{- .Values.redis.existingSecret | default (printf "%s-redis" (include "shipwatch.fullname" .)) }}
{{- end }}
{{- define "shipwatch.audit.hmacSecretName" -}}
{{- .Values.audit.hmac.existingSecret | default (printf "%s-audit-hmac" (include "shipwatch.fullname" .)) }}
{{- end }}
{{- define "shipwatch.redis.hasPassword" -}}
{{- if or .Values.redis.existingSecret .Values.redis.password }}true{{ end }}
{{- end }}

{{/*
Fails rendering with a clear message when the release could not work. Called once, before any
object is rendered.
*/}}
{{- define "shipwatch.validate" -}}
{{- $v := .Values }}
{{- $_ := required "postgresql.host is required: Shipwatch services need an external PostgreSQL in Kubernetes (they must not fall back to their embedded database). Set --set postgresql.host=<host>." $v.postgresql.host }}
{{- if not (or $v.postgresql.existingSecret $v.postgresql.password) }}
{{- fail "postgresql.existingSecret (a Secret holding the password under postgresql.passwordKey) or postgresql.password is required." }}
{{- end }}
{{- if not (or $v.auth.existingSecret $v.auth.hs256Secret $v.auth.rs256PublicKey) }}
{{- fail "JWT verification needs a key: set auth.existingSecret (a Secret with keys auth.hs256SecretKey and/or auth.rs256PublicKeyKey), or auth.hs256Secret, or auth.rs256PublicKey." }}
{{- end }}
{{- if and (include "shipwatch.redis.hasPassword" .) (not (or $v.redis.uri $v.redis.host)) }}
{{- fail "redis.existingSecret/redis.password is set but neither redis.uri nor redis.host is." }}
{{- end }}
{{- if and $v.services.audit.enabled (not (or $v.audit.hmac.existingSecret $v.audit.hmac.key)) }}
{{- fail "audit-service needs its chain key: set audit.hmac.existingSecret (a Secret with the key under audit.hmac.keyKey) or audit.hmac.key (at least 32 bytes), or disable services.audit." }}
{{- end }}
{{- range $name, $svc := $v.services }}
{{- if $svc.enabled }}
{{- $_ := required (printf "services.%s.database is required: every enabled service needs its own PostgreSQL database." $name) $svc.database }}
{{- end }}
{{- end }}
{{- end }}

{{/* Names of the enabled services, sorted. */}}
{{- define "shipwatch.enabledServices" -}}
{{- $names := list }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}{{ $names = append $names $name }}{{ end }}
{{- end }}
{{- toJson $names }}
{{- end }}

{{/* ---- Per-service templates; the argument is a component context. ---- */}}

{{/* Object name of a service: <fullname>-<key>. Argument: dict "root" $ "name" <key>. */}}
{{- define "shipwatch.componentFullname" -}}
{{- printf "%s-%s" (include "shipwatch.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Application name of a service: <key>-service (container name, OTEL_SERVICE_NAME). */}}
{{- define "shipwatch.componentName" -}}
{{- printf "%s-service" .name }}
{{- end }}

{{/* In-cluster address of a service. Argument: dict "root" $ "name" <key> "svc" <entry>. */}}
{{- define "shipwatch.componentAddress" -}}
{{- printf "%s.%s.svc:%d" (include "shipwatch.componentFullname" .) .root.Release.Namespace (int .svc.port) }}
{{- end }}

{{- define "shipwatch.imageTag" -}}
{{- .svc.image.tag | default .root.Values.default.image.tag | default .root.Chart.AppVersion }}
{{- end }}

{{- define "shipwatch.image" -}}
{{- $registry := .root.Values.default.image.registry | trimSuffix "/" }}
{{- $repository := .svc.image.repository }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry $repository (include "shipwatch.imageTag" .) }}
{{- else }}
{{- printf "%s:%s" $repository (include "shipwatch.imageTag" .) }}
{{- end }}
{{- end }}

{{- define "shipwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shipwatch.componentName" . }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "shipwatch.labels" -}}
{{ include "shipwatch.commonLabels" .root }}
app.kubernetes.io/name: {{ include "shipwatch.componentName" . }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/version: {{ include "shipwatch.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
{{- end }}

{{/*
Container environment as a list of EnvVar dicts, rendered as YAML. Variables are merged by name:
default.env and then services.<name>.env replace chart-generated entries of the same name in
place, so $(VAR) references keep working.
*/}}
{{- define "shipwatch.env" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $svc := .svc }}
{{- $env := list }}
{{- /* Downward API first: later values reference them as $(VAR). */}}
{{- $env = append $env (dict "name" "OTEL_K8S_NAMESPACE" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.namespace"))) }}
{{- $env = append $env (dict "name" "OTEL_K8S_NODE_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "spec.nodeName"))) }}
{{- $env = append $env (dict "name" "OTEL_K8S_POD_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.name"))) }}
{{- $env = append $env (dict "name" "OTEL_K8S_POD_UID" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.uid"))) }}
{{- /* gRPC server and JVM. */}}
{{- $env = append $env (dict "name" "GRPC_SERVER_PORT" "value" (toString (int $svc.port))) }}
{{- $env = append $env (dict "name" "JAVA_TOOL_OPTIONS" "value" ($svc.javaToolOptions | default $v.default.javaToolOptions)) }}
{{- /* PostgreSQL. */}}
{{- $pg := $v.postgresql }}
{{- $env = append $env (dict "name" "DATASOURCES_DEFAULT_URL" "value" (printf "jdbc:postgresql://%s:%d/%s?sslmode=%s" $pg.host (int $pg.port) $svc.database $pg.sslmode)) }}
{{- $env = append $env (dict "name" "DATASOURCES_DEFAULT_USERNAME" "value" $pg.username) }}
{{- $env = append $env (dict "name" "DATASOURCES_DEFAULT_PASSWORD" "valueFrom" (dict "secretKeyRef" (dict "name" (include "shipwatch.postgresql.secretName" $root) "key" $pg.passwordKey))) }}
{{- /* Redis (optional). */}}
{{- $redis := $v.redis }}
{{- $redisPassword := include "shipwatch.redis.hasPassword" $root }}
{{- if $redisPassword }}
{{- $env = append $env (dict "name" "REDIS_PASSWORD" "valueFrom" (dict "secretKeyRef" (dict "name" (include "shipwatch.redis.secretName" $root) "key" $redis.passwordKey))) }}
{{- end }}
{{- if $redis.uri }}
{{- $env = append $env (dict "name" "REDIS_URI" "value" $redis.uri) }}
{{- else if $redis.host }}
{{- $scheme := ternary "rediss" "redis" (default false $redis.tls) }}
{{- $userinfo := ternary ":$(REDIS_PASSWORD)@" "" (not (empty $redisPassword)) }}
{{- $env = append $env (dict "name" "REDIS_URI" "value" (printf "%s://%s%s:%d" $scheme $userinfo $redis.host (int $redis.port))) }}
{{- end }}
{{- /* JWT verification keys. */}}
{{- $auth := $v.auth }}
{{- $authSecret := include "shipwatch.auth.secretName" $root }}
{{- /* A chart-created Secret holds exactly the keys given; an existing one may hold either. */}}
{{- $hsOptional := or (not (empty $auth.existingSecret)) (empty $auth.hs256Secret) }}
{{- $rsOptional := or (not (empty $auth.existingSecret)) (empty $auth.rs256PublicKey) }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUTH_HS256_SECRET" "valueFrom" (dict "secretKeyRef" (dict "name" $authSecret "key" $auth.hs256SecretKey "optional" $hsOptional))) }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUTH_RS256_PUBLIC_KEY" "valueFrom" (dict "secretKeyRef" (dict "name" $authSecret "key" $auth.rs256PublicKeyKey "optional" $rsOptional))) }}
{{- /* The token for calls between services; optional: with HS256 each service signs its own. */}}
{{- $stOptional := or (not (empty $auth.existingSecret)) (empty $auth.serviceToken) }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUTH_SERVICE_TOKEN" "valueFrom" (dict "secretKeyRef" (dict "name" $authSecret "key" ($auth.serviceTokenKey | default "service-token") "optional" $stOptional))) }}
{{- /* audit-service: the chain key from its Secret (retired keys optional), its id and the retention. */}}
{{- if eq .name "audit" }}
{{- $hmac := $v.audit.hmac }}
{{- $hmacSecret := include "shipwatch.audit.hmacSecretName" $root }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUDIT_HMAC_KEY" "valueFrom" (dict "secretKeyRef" (dict "name" $hmacSecret "key" $hmac.keyKey))) }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUDIT_HMAC_RETIRED_KEYS" "valueFrom" (dict "secretKeyRef" (dict "name" $hmacSecret "key" $hmac.retiredKeysKey "optional" true))) }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUDIT_HMAC_KEY_ID" "value" $hmac.keyId) }}
{{- $env = append $env (dict "name" "SHIPWATCH_AUDIT_RETENTION_DAYS" "value" (toString (int $v.audit.retentionDays))) }}
{{- end }}
{{- /* Peers: one Micronaut gRPC channel per enabled service. */}}
{{- range $peer := include "shipwatch.enabledServices" $root | fromJsonArray }}
{{- $peerCtx := dict "root" $root "name" $peer "svc" (get $v.services $peer) }}
{{- $prefix := printf "GRPC_CHANNELS_%s" ($peer | upper | replace "-" "_") }}
{{- $env = append $env (dict "name" (printf "%s_ADDRESS" $prefix) "value" (include "shipwatch.componentAddress" $peerCtx)) }}
{{- $env = append $env (dict "name" (printf "%s_PLAINTEXT" $prefix) "value" (toString (default false $v.grpc.plaintext))) }}
{{- end }}
{{- /* OpenTelemetry. */}}
{{- $otel := $v.otel }}
{{- $exporter := ternary "otlp" "none" (not (empty $otel.endpoint)) }}
{{- $env = append $env (dict "name" "OTEL_SERVICE_NAME" "value" (include "shipwatch.componentName" .)) }}
{{- $attrs := list "service.namespace=shipwatch" (printf "service.version=%s" (include "shipwatch.imageTag" .)) "k8s.namespace.name=$(OTEL_K8S_NAMESPACE)" "k8s.node.name=$(OTEL_K8S_NODE_NAME)" "k8s.pod.name=$(OTEL_K8S_POD_NAME)" "k8s.pod.uid=$(OTEL_K8S_POD_UID)" (printf "k8s.deployment.name=%s" (include "shipwatch.componentFullname" .)) }}
{{- range $key, $value := $otel.resourceAttributes }}
{{- $attrs = append $attrs (printf "%s=%s" $key $value) }}
{{- end }}
{{- $env = append $env (dict "name" "OTEL_RESOURCE_ATTRIBUTES" "value" (join "," $attrs)) }}
{{- if $otel.endpoint }}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_ENDPOINT" "value" $otel.endpoint) }}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_PROTOCOL" "value" $otel.protocol) }}
{{- end }}
{{- $env = append $env (dict "name" "OTEL_TRACES_EXPORTER" "value" ($otel.tracesExporter | default $exporter)) }}
{{- $env = append $env (dict "name" "OTEL_METRICS_EXPORTER" "value" ($otel.metricsExporter | default $exporter)) }}
{{- $env = append $env (dict "name" "OTEL_LOGS_EXPORTER" "value" ($otel.logsExporter | default $exporter)) }}
{{- /* User variables: replace by name, else append. */}}
{{- $byName := dict }}
{{- $order := list }}
{{- range $e := concat $env ($v.default.env | default list) ($svc.env | default list) }}
{{- if not (hasKey $byName $e.name) }}{{ $order = append $order $e.name }}{{ end }}
{{- $_ := set $byName $e.name $e }}
{{- end }}
{{- $merged := list }}
{{- range $name := $order }}{{ $merged = append $merged (get $byName $name) }}{{ end }}
{{- toYaml $merged }}
{{- end }}

{{/* Native gRPC probe (grpc.health.v1) with timing from default.probes.<kind>. */}}
{{- define "shipwatch.probe" -}}
grpc:
  port: {{ int .ctx.svc.port }}
{{- with .timing }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "shipwatch.deployment" -}}
{{- $root := .root }}
{{- $d := $root.Values.default }}
{{- $svc := .svc }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shipwatch.componentFullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "shipwatch.labels" . | nindent 4 }}
spec:
  replicas: {{ int $svc.replicas }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "shipwatch.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- /* Chart labels win over default.podLabels of the same name. */}}
        {{- merge (include "shipwatch.labels" . | fromYaml) ($d.podLabels | default dict) | toYaml | nindent 8 }}
      annotations:
        checksum/secret: {{ include (print $root.Template.BasePath "/secrets.yaml") $root | sha256sum }}
        {{- with merge (dict) ($svc.podAnnotations | default dict) ($d.podAnnotations | default dict) }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- if and $svc.kubernetesAccess $svc.kubernetesAccess.enabled }}
      {{- /* A service that reads the Kubernetes API gets its own account, with a token. */}}
      serviceAccountName: {{ include "shipwatch.componentFullname" . }}
      automountServiceAccountToken: true
      {{- else }}
      serviceAccountName: {{ include "shipwatch.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
      {{- end }}
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ int $d.terminationGracePeriodSeconds }}
      {{- with $d.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $d.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ include "shipwatch.componentName" . }}
          image: {{ include "shipwatch.image" . | quote }}
          imagePullPolicy: {{ $svc.image.pullPolicy | default $d.image.pullPolicy }}
          ports:
            - name: grpc
              containerPort: {{ int $svc.port }}
              protocol: TCP
          env:
            {{- include "shipwatch.env" . | nindent 12 }}
          startupProbe:
            {{- include "shipwatch.probe" (dict "ctx" . "timing" $d.probes.startup) | nindent 12 }}
          readinessProbe:
            {{- include "shipwatch.probe" (dict "ctx" . "timing" $d.probes.readiness) | nindent 12 }}
          livenessProbe:
            {{- include "shipwatch.probe" (dict "ctx" . "timing" $d.probes.liveness) | nindent 12 }}
          {{- with ($svc.resources | default $d.resources) }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $d.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            {{- with $d.tmpVolume }}
            {{- with .medium }}
            medium: {{ . }}
            {{- end }}
            {{- with .sizeLimit }}
            sizeLimit: {{ . }}
            {{- end }}
            {{- end }}
      {{- with $d.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $d.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $d.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $d.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{- define "shipwatch.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "shipwatch.componentFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shipwatch.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "shipwatch.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: {{ int .svc.port }}
      targetPort: grpc
      protocol: TCP
{{- end }}

{{/* Rendered only when the service runs more than one replica. */}}
{{- define "shipwatch.podDisruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "shipwatch.componentFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shipwatch.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .root.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "shipwatch.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* Only pods of this release (plus networkPolicy.ingressFrom) may call the gRPC port. */}}
{{- define "shipwatch.networkPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "shipwatch.componentFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shipwatch.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "shipwatch.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ .root.Release.Name }}
              app.kubernetes.io/part-of: shipwatch
        {{- with .root.Values.networkPolicy.ingressFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - port: grpc
          protocol: TCP
{{- end }}

{{/* Every object of one service. */}}
{{- define "shipwatch.component" -}}
{{ include "shipwatch.deployment" . }}
---
{{ include "shipwatch.service" . }}
{{- if and .root.Values.podDisruptionBudget.enabled (gt (int .svc.replicas) 1) }}
---
{{ include "shipwatch.podDisruptionBudget" . }}
{{- end }}
{{- if .root.Values.networkPolicy.enabled }}
---
{{ include "shipwatch.networkPolicy" . }}
{{- end }}
{{- if and .svc.kubernetesAccess .svc.kubernetesAccess.enabled }}
---
{{ include "shipwatch.kubernetesAccess" . }}
{{- end }}
{{- end }}

{{/*
Read-only Kubernetes API access of a service: its ServiceAccount, and per namespace a Role with
get/list/watch on what diagnostics collects, bound to that account. No secrets, no writes.
*/}}
{{- define "shipwatch.kubernetesAccess" -}}
{{- $ctx := . }}
{{- $account := include "shipwatch.componentFullname" . }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $account }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "shipwatch.labels" . | nindent 4 }}
automountServiceAccountToken: true
{{- range $ns := (.svc.kubernetesAccess.namespaces | default (list $ctx.root.Release.Namespace)) }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $account }}-reader
  namespace: {{ $ns }}
  labels:
    {{- include "shipwatch.labels" $ctx | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log", "events", "services", "endpoints", "persistentvolumeclaims"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["apps"]
    resources: ["deployments", "replicasets", "statefulsets"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["networking.k8s.io"]
    resources: ["ingresses"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["metrics.k8s.io"]
    resources: ["pods"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ $account }}-reader
  namespace: {{ $ns }}
  labels:
    {{- include "shipwatch.labels" $ctx | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $account }}-reader
subjects:
  - kind: ServiceAccount
    name: {{ $account }}
    namespace: {{ $ctx.root.Release.Namespace }}
{{- end }}
{{- end }}
