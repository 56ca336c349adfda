package schema_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

func ExampleValidator_ValidatePolicy() {
	v, err := schema.New()
	if err != nil {
		log.Fatal(err)
	}

	// A policy built with the irsa types goes through ToJSONValue, so that
	// it is checked exactly as it will be printed.
	generated := irsa.NewPolicy(irsa.Allowing("ReadSnapshots",
		[]string{"s3:GetObject"}, "arn:aws:s3:::camunda-es-backups/*"))
	doc, err := schema.ToJSONValue(generated)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("generated:", v.ValidatePolicy(doc))

	var handWritten any
	if err := json.Unmarshal([]byte(`{
		"Version": "2012-10-17",
		"Statement": [{"Sid": "read-logs", "Effect": "allow", "Action": "logs:Get*"}]
	}`), &handWritten); err != nil {
		log.Fatal(err)
	}
	var errs schema.Errors
	if errors.As(v.ValidatePolicy(handWritten), &errs) {
		for _, e := range errs {
			fmt.Println(e)
		}
	}
	// Output:
	// generated: <nil>
	// Statement[0].Effect: must be one of "Allow", "Deny", got "allow"
	// Statement[0].Sid: must match ^[A-Za-z0-9]*$, got "read-logs"
}
