{{- /*
Render-time checks of chart 15.x (8.10). The file renders nothing; each
check fails the render with the chart's kind of message. Order matters:
Helm stops at the first failure.
*/ -}}

{{- /* 15.x requires the Helm 4 CLI (or SDK). */ -}}
{{- if not (semverCompare ">=4.0.0-0" .Capabilities.HelmVersion.Version) -}}
{{- fail (printf "[camunda][error] Camunda chart 15.x (8.10) requires Helm CLI v4 or later. Detected Helm CLI version: %s. Please upgrade to Helm v4." .Capabilities.HelmVersion.Version) -}}
{{- end -}}

{{- /* The Bitnami subcharts are gone: any key of theirs fails, even enabled: false. */ -}}
{{- range $key := list "identityKeycloak" "identityPostgresql" "webModelerPostgresql" "elasticsearch" -}}
{{- if hasKey $.Values $key -}}
{{- fail (printf "[camunda][error] The Helm values file key %q has been removed. The bundled Bitnami subcharts are not part of chart 15.x; see the Camunda Helm chart upgrade documentation." $key) -}}
{{- end -}}
{{- end -}}

{{- /* Web Modeler's database user is "username"; "user" (deprecated on 8.9) is gone. */ -}}
{{- if eq (include "camundaHub.webModelerEnabled" .) "true" -}}
{{- if hasKey .Values.webModeler.restapi.externalDatabase "user" -}}
{{- fail "[camunda][error] The Helm values file key \"webModeler.restapi.externalDatabase.user\" has been removed. Use \"username\"." -}}
{{- end -}}
{{- if hasKey ((.Values.camundaHub.restapi | default dict).externalDatabase | default dict) "user" -}}
{{- fail "[camunda][error] The Helm values file key \"camundaHub.restapi.externalDatabase.user\" has been removed. Use \"username\"." -}}
{{- end -}}
{{- end -}}

{{- /* Orchestration secret store (AWS Secrets Manager) and the workload identity it asks for. */ -}}
{{- if .Values.orchestration.enabled -}}
{{- $roleArns := list -}}
{{- range $id, $store := ((.Values.orchestration.secretStore | default dict).aws | default dict) -}}
{{- $store = $store | default dict -}}
{{- if and (hasKey $store "roleArn") (eq (trim (toString $store.roleArn)) "") -}}
{{- fail (printf "[camunda][error] orchestration.secretStore.aws.%s.roleArn must not be blank when set." $id) -}}
{{- end -}}
{{- with $store.roleArn -}}
{{- $roleArns = append $roleArns (toString .) -}}
{{- end -}}
{{- end -}}
{{- if gt (len (uniq $roleArns)) 1 -}}
{{- fail "[camunda][error] orchestration.secretStore configures multiple distinct aws.*.roleArn values, but the Orchestration ServiceAccount can carry only one eks.amazonaws.com/role-arn annotation." -}}
{{- end -}}
{{- $generated := include "orchestration.secretStoreAnnotations" . | fromYaml -}}
{{- if $generated -}}
{{- if not .Values.orchestration.serviceAccount.enabled -}}
{{- fail "[camunda][error] orchestration.secretStore workload identity requires orchestration.serviceAccount.enabled=true so the chart can apply the required annotations." -}}
{{- end -}}
{{- $user := .Values.orchestration.serviceAccount.annotations | default dict -}}
{{- range $key, $value := $generated -}}
{{- $mine := index $user $key -}}
{{- if and $mine (ne (toString $mine) (toString $value)) -}}
{{- fail (printf "[camunda][error] orchestration.serviceAccount.annotations.%s conflicts with the identity configured by orchestration.secretStore." $key) -}}
{{- end -}}
{{- end -}}
{{- $aws := .Values.global.documentStore.type.aws -}}
{{- if and $aws.enabled (not $aws.irsa.enabled) -}}
{{- fail "[camunda][error] orchestration.secretStore AWS workload identity cannot be combined with static AWS document-store credentials because the AWS SDK credential chain selects environment credentials before IRSA. Set global.documentStore.type.aws.irsa.enabled=true." -}}
{{- end -}}
{{- end -}}
{{- end -}}
