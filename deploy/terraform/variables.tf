variable "buckets_table_name" {
  description = "Name of the bucket table (property leakybucket.dynamodb.tables.buckets)."
  type        = string
  default     = "leakybucket-buckets"
}

variable "key_value_table_name" {
  description = "Name of the key/value table (property leakybucket.dynamodb.tables.kv)."
  type        = string
  default     = "leakybucket-kv"
}

variable "tables_created_by" {
  description = "stack (recommended): Terraform creates both tables and the application runs with leakybucket.dynamodb.create-tables=false. application: Terraform creates only the policies, and the table-creation policy lets the application create the tables with create-tables=true."
  type        = string
  default     = "stack"

  validation {
    condition     = contains(["stack", "application"], var.tables_created_by)
    error_message = "tables_created_by must be \"stack\" or \"application\"."
  }
}

variable "application_role_name" {
  description = "Name of an existing IAM role the application runs as; the policies are attached to it. Empty: attach them yourself."
  type        = string
  default     = ""
}
