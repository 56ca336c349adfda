{{/*
Test fixture helpers. Names follow camunda-platform's own helpers so the
fixture renders the same resource names, labels and service accounts.
*/}}

{{- define "camundaPlatform.componentFullname" -}}
{{- printf "%s-%s" .context.Release.Name .componentName | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "identity.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "identity" "context" $) -}}
{{- end -}}

{{- define "webModeler.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "web-modeler" "context" $) -}}
{{- end -}}

{{- define "orchestration.fullname" -}}
{{- /* "zeebe" for backward compatibility between 8.7 and 8.8, as in the real chart. */ -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "zeebe" "context" $) -}}
{{- end -}}

{{- define "optimize.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "optimize" "context" $) -}}
{{- end -}}

{{/*
[camunda-platform] The real chart's service account helper.
Usage: include "camundaPlatform.serviceAccountName" (dict "component" "identity" "context" $)
*/}}
{{- define "camundaPlatform.serviceAccountName" -}}
    {{- $values := (index .context.Values .component) -}}
    {{- if $values.serviceAccount.enabled -}}
        {{- $values.serviceAccount.name | default (include (printf "%s.fullname" .component) .context) -}}
    {{- else -}}
        {{- $values.serviceAccount.name | default "default" -}}
    {{- end -}}
{{- end -}}

{{/*
Labels: camundaPlatform.labels plus the component label.
Usage: include "camundaPlatform.componentLabels" (dict "context" $ "component" "identity" "name" "camunda-platform")
*/}}
{{- define "camundaPlatform.componentLabels" -}}
{{- if .context.Values.global.labels -}}
{{ toYaml .context.Values.global.labels }}
{{ end -}}
app.kubernetes.io/name: {{ .name | default "camunda-platform" }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: camunda-platform
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
A component's ServiceAccount, rendered when the component and its
serviceAccount block are enabled.
Usage: include "camundaPlatform.serviceAccount" (dict "context" $ "component" "identity" "label" "identity")
*/}}
{{- define "camundaPlatform.serviceAccount" -}}
{{- $values := index .context.Values .component -}}
{{- if and $values.serviceAccount.enabled (or (not (hasKey $values "enabled")) $values.enabled) }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "camundaPlatform.serviceAccountName" (dict "component" .component "context" .context) }}
  labels: {{- include "camundaPlatform.componentLabels" (dict "context" .context "component" .label) | nindent 4 }}
  {{- with $values.serviceAccount.annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ $values.serviceAccount.automountServiceAccountToken }}
{{- end }}
{{- end -}}

{{- define "camundaPlatform.opensearchURL" -}}
{{- printf "%s://%s:%v" .Values.global.opensearch.url.protocol .Values.global.opensearch.url.host .Values.global.opensearch.url.port -}}
{{- end -}}

{{- define "camundaPlatform.elasticsearchURL" -}}
{{- if .Values.global.elasticsearch.url.host -}}
{{- printf "%s://%s:%v" .Values.global.elasticsearch.url.protocol .Values.global.elasticsearch.url.host .Values.global.elasticsearch.url.port -}}
{{- else -}}
{{- printf "http://%s-elasticsearch:9200" .Release.Name -}}
{{- end -}}
{{- end -}}

{{/* 8.9 reads the orchestration search store from one key and refuses to render without it. */}}
{{- define "orchestration.secondaryStorage" -}}
{{- $type := .Values.orchestration.data.secondaryStorage.type -}}
{{- if not $type -}}
{{- fail "orchestration.data.secondaryStorage.type must be set to elasticsearch, opensearch, rdbms or none" -}}
{{- end -}}
{{- $type -}}
{{- end -}}

{{/* An env var holding a search store password, emitted only when one is configured. */}}
{{- define "camundaPlatform.passwordEnv" -}}
{{- $secret := .auth.secret -}}
{{- if $secret.existingSecret }}
- name: {{ .envName }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret.existingSecret }}
      key: {{ $secret.existingSecretKey }}
{{- else if $secret.inlineSecret }}
- name: {{ .envName }}
  value: {{ $secret.inlineSecret | quote }}
{{- end }}
{{- end -}}

{{/* The chart-wide name, as common.names.fullname computes it. */}}
{{- define "camundaPlatform.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "connectors.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "connectors" "context" $) -}}
{{- end -}}

{{/*
Document store: the ConfigMap of DOCUMENT_STORE_* variables, for the
workloads the chart hands the store to (orchestration, optimize, Web Modeler
restapi on 8.9).
*/}}
{{- define "camundaPlatform.documentStoreEnvFrom" -}}
- configMapRef:
    name: {{ include "camundaPlatform.fullname" . }}-documentstore-env-vars
{{- end -}}

{{/*
Document store: static AWS keys. With the AWS store enabled and
irsa.enabled false the chart injects AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY; with nothing configured the variables carry no value
(8.9 has no legacy existingSecret default).
*/}}
{{- define "camundaPlatform.documentStoreKeysEnv" -}}
{{- $aws := .Values.global.documentStore.type.aws -}}
{{- if and $aws.enabled (not $aws.irsa.enabled) }}
{{- range $envName, $field := dict "AWS_ACCESS_KEY_ID" "accessKeyId" "AWS_SECRET_ACCESS_KEY" "secretAccessKey" }}
{{- $secret := (index $aws $field).secret }}
- name: {{ $envName }}
{{- if $secret.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret.existingSecret }}
      key: {{ $secret.existingSecretKey }}
{{- else if $secret.inlineSecret }}
  value: {{ $secret.inlineSecret | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
extraConfiguration on 8.9 is a list of {file, content, springImport}: every
file goes into the component's ConfigMap and is mounted next to
application.yaml; Spring imports it unless springImport is false.
*/}}
{{- define "camundaPlatform.extraConfigurationData" -}}
{{- range . }}
{{ .file }}: |
  {{- .content | trimSuffix "\n" | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "camundaPlatform.extraConfigurationImports" -}}
{{- $imports := list -}}
{{- range .files -}}
{{- if not (and (hasKey . "springImport") (eq (toString .springImport) "false")) -}}
{{- $imports = append $imports (printf "optional:file:%s/%s" $.dir .file) -}}
{{- end -}}
{{- end -}}
{{- with $imports }}
config:
  import:
  {{- range . }}
    - {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{- define "camundaPlatform.extraConfigurationMounts" -}}
{{- range .files }}
- name: config
  mountPath: {{ $.dir }}/{{ .file }}
  subPath: {{ .file }}
{{- end }}
{{- end -}}

{{/* The Web Modeler database user: username, else the deprecated user. */}}
{{- define "webModeler.restapi.databaseUser" -}}
{{- .Values.webModeler.restapi.externalDatabase.username | default .Values.webModeler.restapi.externalDatabase.user -}}
{{- end -}}
