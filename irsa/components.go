package irsa

// What each component needs from AWS, in one place: which topology blocks
// it depends on and the grants that follow from them.

// isDatabaseComponent reports the components that connect to Aurora as
// their own database user.
func isDatabaseComponent(name ComponentName) bool {
	return name == Keycloak || name == Identity || name == WebModeler
}

// isSearchClient reports the components that read and write the
// OpenSearch domain.
func isSearchClient(name ComponentName) bool {
	switch name {
	case Orchestration, Zeebe, Operate, Tasklist, Optimize:
		return true
	}
	return false
}

// missingBlocks names the topology blocks a component needs that the
// topology lacks.
func missingBlocks(t Topology, name ComponentName) []string {
	var out []string
	switch {
	case isDatabaseComponent(name) && t.Aurora == nil:
		out = append(out, "aurora block (endpoint, clusterResourceID)")
	case isSearchClient(name) && t.OpenSearch == nil:
		out = append(out, "opensearch block (domain, endpoint)")
	case name == Elasticsearch && t.ElasticsearchBackup == nil:
		out = append(out, "elasticsearchBackup block (bucket)")
	}
	return out
}

// replacementHint says what to list instead of a component its chart line
// does not have.
func replacementHint(name ComponentName) string {
	if name == Orchestration {
		return "use components.zeebe, components.operate and components.tasklist"
	}
	return "use components.orchestration, which runs Zeebe, Operate and Tasklist together"
}

// grants are what a listed component of a valid topology needs, resolved
// to ARNs in the topology's partition, region and account.
func grants(t Topology, c ListedComponent) grantSet {
	partition := PartitionForRegion(t.AWS.Region).Name
	var out []Grant
	switch {
	case isDatabaseComponent(c.Name):
		out = append(out, AuroraConnect{DBUser: c.DBUser,
			Resource: RDSDBUserARN(partition, t.AWS.Region, t.AWS.AccountID, t.Aurora.ClusterResourceID, c.DBUser)})
	case isSearchClient(c.Name):
		out = append(out, OpenSearchHTTP{Domain: OpenSearchDomainARN(partition, t.AWS.Region, t.AWS.AccountID, t.OpenSearch.Domain),
			Policy: t.OpenSearch.Policy})
	case c.Name == Elasticsearch:
		out = append(out, S3Snapshots{Bucket: S3BucketARN(partition, t.ElasticsearchBackup.Bucket),
			BasePath: t.ElasticsearchBackup.BasePath})
	}
	return newGrantSet(out...)
}
