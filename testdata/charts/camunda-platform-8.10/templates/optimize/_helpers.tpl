{{/* 8.9: Optimize's own search store block, as env vars like the real chart. */}}
{{- define "optimize.databaseEnv" -}}
{{- $os := .Values.optimize.database.opensearch -}}
{{- if $os.enabled -}}
- name: CAMUNDA_OPTIMIZE_DATABASE
  value: opensearch
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_HOST
  value: {{ $os.url.host | quote }}
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_HTTP_PORT
  value: {{ $os.url.port | quote }}
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_SSL_ENABLED
  value: {{ eq $os.url.protocol "https" | quote }}
{{- include "camundaPlatform.passwordEnv" (dict "auth" $os.auth "envName" "CAMUNDA_OPTIMIZE_OPENSEARCH_SECURITY_PASSWORD") }}
- name: CAMUNDA_OPTIMIZE_OPENSEARCH_AWS_ENABLED
  value: {{ $os.aws.enabled | quote }}
{{- else -}}
- name: OPTIMIZE_ELASTICSEARCH_HOST
  value: {{ .Values.optimize.database.elasticsearch.url.host | default (printf "%s-elasticsearch" .Release.Name) | quote }}
{{- end -}}
{{- end -}}
