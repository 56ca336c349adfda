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

{{- define "zeebe.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "zeebe" "context" $) -}}
{{- end -}}

{{- define "zeebeGateway.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "zeebe-gateway" "context" $) -}}
{{- end -}}

{{- define "operate.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "operate" "context" $) -}}
{{- end -}}

{{- define "tasklist.fullname" -}}
{{- include "camundaPlatform.componentFullname" (dict "componentName" "tasklist" "context" $) -}}
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

{{/* The OpenSearch client settings Operate and Tasklist read from application.yml. */}}
{{- define "camundaPlatform.opensearchConfig" -}}
database: opensearch
opensearch:
  url: {{ include "camundaPlatform.opensearchURL" . | quote }}
  {{- with .Values.global.opensearch.auth.username }}
  username: {{ . | quote }}
  {{- end }}
  {{- if .Values.global.opensearch.aws.enabled }}
  awsEnabled: true
  {{- end }}
zeebeOpensearch:
  url: {{ include "camundaPlatform.opensearchURL" . | quote }}
  {{- if .Values.global.opensearch.aws.enabled }}
  awsEnabled: true
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

{{/* An env var holding the OpenSearch password, emitted only when one is configured. */}}
{{- define "camundaPlatform.opensearchPasswordEnv" -}}
{{- $auth := .Values.global.opensearch.auth -}}
{{- if $auth.existingSecret }}
- name: {{ .envName }}
  valueFrom:
    secretKeyRef:
      name: {{ $auth.existingSecret }}
      key: {{ $auth.existingSecretKey }}
{{- else if $auth.password }}
- name: {{ .envName }}
  value: {{ $auth.password | quote }}
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
workloads the chart hands the store to (on 8.7: zeebe, zeebe gateway,
operate, tasklist, connectors, Web Modeler restapi).
*/}}
{{- define "camundaPlatform.documentStoreEnvFrom" -}}
- configMapRef:
    name: {{ include "camundaPlatform.fullname" . }}-documentstore-env-vars
{{- end -}}

{{/*
Document store: static AWS keys. With the AWS store enabled and
irsa.enabled false (the flag exists since chart 12.8.1) the chart injects
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from existingSecret (default
aws-credentials) under accessKeyIdKey/secretAccessKeyKey.
*/}}
{{- define "camundaPlatform.documentStoreKeysEnv" -}}
{{- $aws := .Values.global.documentStore.type.aws -}}
{{- if and $aws.enabled (not $aws.irsa.enabled) }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $aws.existingSecret }}
      key: {{ $aws.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $aws.existingSecret }}
      key: {{ $aws.secretAccessKeyKey }}
{{- end }}
{{- end -}}

{{/*
extraConfiguration on 8.7 is a map of file name to content: every file goes
into the component's ConfigMap and is mounted next to application.yaml.
Nothing imports it into the application's configuration.
*/}}
{{- define "camundaPlatform.extraConfigurationData" -}}
{{- range $file, $content := . }}
{{ $file }}: |
  {{- $content | trimSuffix "\n" | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "camundaPlatform.extraConfigurationMounts" -}}
{{- range $file, $_ := .files }}
- name: config
  mountPath: {{ $.dir }}/{{ $file }}
  subPath: {{ $file }}
{{- end }}
{{- end -}}
