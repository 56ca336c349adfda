package render

import (
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// PropertiesFile is the file of orchestration's extraConfiguration the
// overlay writes its application properties to, on the lines whose chart
// has no key for them.
const PropertiesFile = "camunda-irsa.yaml"

// springProperties are the application properties of orchestration the
// overlay sets through PropertiesFile.
type springProperties struct {
	Camunda camundaProperties `json:"camunda"`
}

type camundaProperties struct {
	Data *dataProperties `json:"data,omitempty"`
}

func (c *camundaProperties) data() *dataProperties {
	if c.Data == nil {
		c.Data = &dataProperties{}
	}
	return c.Data
}

type dataProperties struct {
	PrimaryStorage   *primaryStorageProperties   `json:"primary-storage,omitempty"`
	Backup           *backupRepository           `json:"backup,omitempty"`
	SecondaryStorage *secondaryStorageProperties `json:"secondary-storage,omitempty"`
}

type primaryStorageProperties struct {
	Backup brokerBackup `json:"backup"`
}

// brokerBackup is Zeebe's backup store on S3.
type brokerBackup struct {
	Store string         `json:"store"`
	S3    brokerBackupS3 `json:"s3"`
}

type brokerBackupS3 struct {
	BucketName string `json:"bucket-name"`
	BasePath   string `json:"base-path"`
	Region     string `json:"region"`
}

// backupRepository names the snapshot repository the web applications
// back up their indices to.
type backupRepository struct {
	RepositoryName string `json:"repository-name"`
}

type secondaryStorageProperties struct {
	// AutoconfigureCamundaExporter off: with secondary storage in
	// PostgreSQL the RDBMS exporter replaces the Camunda exporter.
	AutoconfigureCamundaExporter bool `json:"autoconfigure-camunda-exporter"`
}

// properties returns the properties being collected for PropertiesFile.
func (b *overlayBuilder) properties() *springProperties {
	if b.props == nil {
		b.props = &springProperties{}
	}
	return b.props
}

// writeProperties puts the collected properties into orchestration's
// extraConfiguration, as one file.
func (b *overlayBuilder) writeProperties() error {
	if b.props == nil {
		return nil
	}
	content, err := yaml.Marshal(b.props)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", PropertiesFile, err)
	}
	o := b.orchestrationBlock()
	o.ExtraConfiguration = append(o.ExtraConfiguration, ConfigurationFile{File: PropertiesFile, Content: string(content)})
	return nil
}

// backup configures the broker's backup store on S3 under
// <prefix>zeebe, as the line takes it, and, with OpenSearch, the
// snapshot repository the web applications use.
func (b *overlayBuilder) backup(bk irsa.Backup) {
	t := b.topology
	store := brokerBackupS3{BucketName: bk.Bucket, BasePath: bk.Prefix + irsa.BrokerBackupFolder, Region: t.AWS.Region}
	search := t.OpenSearch != nil
	// With its secondary storage in PostgreSQL, orchestration backs up no
	// OpenSearch indices; Optimize still does.
	orchestrationSearches := search && !t.Components.Orchestration.SecondaryStorageInAurora()
	switch b.line.Backup {
	case irsa.ZeebeBackupEnv:
		b.v.Zeebe.Env = append(b.v.Zeebe.Env, env("ZEEBE_BROKER_DATA_BACKUP_STORE", "S3"),
			env("ZEEBE_BROKER_DATA_BACKUP_S3_BUCKETNAME", store.BucketName),
			env("ZEEBE_BROKER_DATA_BACKUP_S3_BASEPATH", store.BasePath),
			env("ZEEBE_BROKER_DATA_BACKUP_S3_REGION", store.Region))
		if search && b.v.Operate != nil {
			b.v.Operate.Env = append(b.v.Operate.Env, env("CAMUNDA_OPERATE_BACKUP_REPOSITORYNAME", bk.RepositoryName))
		}
		if search && b.v.Tasklist != nil {
			b.v.Tasklist.Env = append(b.v.Tasklist.Env, env("CAMUNDA_TASKLIST_BACKUP_REPOSITORYNAME", bk.RepositoryName))
		}
	case irsa.CamundaBackupEnv:
		o := b.orchestrationBlock()
		o.Env = append(o.Env, env("CAMUNDA_DATA_BACKUP_STORE", "S3"),
			env("CAMUNDA_DATA_BACKUP_S3_BUCKETNAME", store.BucketName),
			env("CAMUNDA_DATA_BACKUP_S3_BASEPATH", store.BasePath),
			env("CAMUNDA_DATA_BACKUP_S3_REGION", store.Region))
		if orchestrationSearches {
			o.Env = append(o.Env, env("CAMUNDA_DATA_BACKUP_REPOSITORYNAME", bk.RepositoryName))
		}
	case irsa.PrimaryStorageBackup:
		data := b.properties().Camunda.data()
		data.PrimaryStorage = &primaryStorageProperties{Backup: brokerBackup{Store: "S3", S3: store}}
		if orchestrationSearches {
			data.Backup = &backupRepository{RepositoryName: bk.RepositoryName}
		}
	}
	if search && b.v.Optimize != nil {
		b.v.Optimize.Env = append(b.v.Optimize.Env, env("CAMUNDA_OPTIMIZE_BACKUP_REPOSITORY_NAME", bk.RepositoryName))
	}
}
