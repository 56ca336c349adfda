{{/* Optimize's search store settings, as env vars like the real chart. */}}
{{- define "optimize.databaseEnv" -}}
{{- if .Values.global.opensearch.enabled -}}
- name: CAMUNDA_OPTIMIZE_DATABASE
  value: opensearch
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_HOST
  value: {{ .Values.global.opensearch.url.host | quote }}
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_HTTP_PORT
  value: {{ .Values.global.opensearch.url.port | quote }}
{{- include "camundaPlatform.opensearchPasswordEnv" (dict "Values" .Values "envName" "CAMUNDA_OPTIMIZE_OPENSEARCH_SECURITY_PASSWORD") }}
{{- if .Values.global.opensearch.aws.enabled }}
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_AWS_ENABLED
  value: "true"
{{- end }}
{{- else -}}
- name: OPTIMIZE_ELASTICSEARCH_HOST
  value: {{ printf "%s-elasticsearch" .Release.Name | quote }}
{{- end -}}
{{- end -}}
