package irsa

import "strings"

// Partition is an AWS partition: the ARN prefix and the DNS suffix of its
// service endpoints.
type Partition struct {
	// Name is the ARN partition: aws, aws-cn or aws-us-gov.
	Name string
	// RegionPrefix starts the name of every region of the partition;
	// empty for aws, which holds every region no other partition claims.
	RegionPrefix string
	// DNSSuffix is the suffix of service hostnames, amazonaws.com or
	// amazonaws.com.cn.
	DNSSuffix string
	// Supported partitions are those camunda-irsa plans roles in.
	Supported bool
}

// Partitions returns the AWS partitions, the default one (aws) first;
// each call returns a fresh table. Topologies may name only the Supported
// ones; the others are here so that an ARN's region can be told to be in
// another partition.
func Partitions() []Partition {
	return []Partition{
		{Name: "aws", DNSSuffix: "amazonaws.com", Supported: true},
		{Name: "aws-cn", RegionPrefix: "cn-", DNSSuffix: "amazonaws.com.cn", Supported: true},
		{Name: "aws-us-gov", RegionPrefix: "us-gov-", DNSSuffix: "amazonaws.com", Supported: true},
		{Name: "aws-iso", RegionPrefix: "us-iso-", DNSSuffix: "c2s.ic.gov"},
		{Name: "aws-iso-b", RegionPrefix: "us-isob-", DNSSuffix: "sc2s.sgov.gov"},
		{Name: "aws-iso-e", RegionPrefix: "eu-isoe-", DNSSuffix: "cloud.adc-e.uk"},
		{Name: "aws-iso-f", RegionPrefix: "us-isof-", DNSSuffix: "csp.hci.ic.gov"},
		{Name: "aws-eusc", RegionPrefix: "eusc-", DNSSuffix: "amazonaws.eu"},
	}
}

// PartitionForRegion derives the partition from a region name: cn-* is
// aws-cn, us-gov-* is aws-us-gov, everything else is aws.
func PartitionForRegion(region string) Partition {
	all := Partitions()
	for _, p := range all {
		if p.RegionPrefix != "" && strings.HasPrefix(region, p.RegionPrefix) {
			return p
		}
	}
	return all[0]
}

// partitionNames lists the partitions a topology may name.
func partitionNames() []string {
	var names []string
	for _, p := range Partitions() {
		if p.Supported {
			names = append(names, p.Name)
		}
	}
	return names
}

// STSAudience is the audience EKS puts in projected service account
// tokens. It is the same in every partition, China included.
const STSAudience = "sts.amazonaws.com"

// OIDCProviderARN is the ARN IAM gives the cluster's OIDC provider:
// the issuer URL without its scheme, under oidc-provider/.
func OIDCProviderARN(partition, accountID, issuer string) string {
	return "arn:" + partition + ":iam::" + accountID + ":oidc-provider/" + IssuerHost(issuer)
}

// IssuerHost is the issuer URL without https://, the prefix of the
// :sub and :aud condition keys.
func IssuerHost(issuer string) string {
	return strings.TrimSuffix(strings.TrimPrefix(issuer, "https://"), "/")
}

// RoleARN is the ARN of an IAM role; path starts and ends with "/" and is
// "/" for the default path.
func RoleARN(partition, accountID, path, name string) string {
	return "arn:" + partition + ":iam::" + accountID + ":role" + path + name
}

// RDSDBUserARN is the resource of rds-db:connect for one database user of
// one Aurora cluster.
func RDSDBUserARN(partition, region, accountID, clusterResourceID, dbUser string) string {
	return "arn:" + partition + ":rds-db:" + region + ":" + accountID + ":dbuser:" + clusterResourceID + "/" + dbUser
}

// OpenSearchDomainARN is the ARN of an OpenSearch Service domain; data
// plane actions apply to its sub-resources (ARN + "/*").
func OpenSearchDomainARN(partition, region, accountID, domain string) string {
	return "arn:" + partition + ":es:" + region + ":" + accountID + ":domain/" + domain
}

// S3BucketARN is the ARN of an S3 bucket; S3 ARNs carry no region or account.
func S3BucketARN(partition, bucket string) string {
	return "arn:" + partition + ":s3:::" + bucket
}

// PolicyARN is the ARN of a customer managed policy on the default path.
func PolicyARN(partition, accountID, name string) string {
	return "arn:" + partition + ":iam::" + accountID + ":policy/" + name
}

// SecretARN is the ARN (or ARN pattern) of AWS Secrets Manager secrets
// named name.
func SecretARN(partition, region, accountID, name string) string {
	return "arn:" + partition + ":secretsmanager:" + region + ":" + accountID + ":secret:" + name
}
