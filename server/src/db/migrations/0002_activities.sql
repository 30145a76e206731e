CREATE TABLE `activities` (
	`clinic_id` text NOT NULL,
	`id` text NOT NULL,
	`doc` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer NOT NULL,
	`received_at` integer NOT NULL,
	`kind` text NOT NULL,
	`document_id` text NOT NULL,
	PRIMARY KEY(`clinic_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `activities_seq_idx` ON `activities` (`clinic_id`,`seq`);--> statement-breakpoint
CREATE INDEX `activities_id_idx` ON `activities` (`id`);