CREATE TABLE `account` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`user_id` text NOT NULL,
	`access_token` text,
	`refresh_token` text,
	`id_token` text,
	`access_token_expires_at` integer,
	`refresh_token_expires_at` integer,
	`scope` text,
	`password` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_user_idx` ON `account` (`user_id`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL,
	`token` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ip_address` text,
	`user_agent` text,
	`user_id` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_token_unique` ON `session` (`token`);--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`email_verified` integer DEFAULT false NOT NULL,
	`image` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE TABLE `verification` (
	`id` text PRIMARY KEY NOT NULL,
	`identifier` text NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `clinic_members` (
	`clinic_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`clinic_id`, `user_id`),
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `clinic_members_user_idx` ON `clinic_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `clinics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `appointments` (
	`clinic_id` text NOT NULL,
	`id` text NOT NULL,
	`doc` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer NOT NULL,
	`received_at` integer NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`doctor_id` text NOT NULL,
	`chair_id` text NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`clinic_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `appointments_seq_idx` ON `appointments` (`clinic_id`,`seq`);--> statement-breakpoint
CREATE INDEX `appointments_id_idx` ON `appointments` (`id`);--> statement-breakpoint
CREATE INDEX `appointments_start_idx` ON `appointments` (`clinic_id`,`start`);--> statement-breakpoint
CREATE TABLE `catalog` (
	`clinic_id` text NOT NULL,
	`id` text NOT NULL,
	`doc` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer NOT NULL,
	`received_at` integer NOT NULL,
	`kind` text NOT NULL,
	PRIMARY KEY(`clinic_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `catalog_seq_idx` ON `catalog` (`clinic_id`,`seq`);--> statement-breakpoint
CREATE INDEX `catalog_id_idx` ON `catalog` (`id`);--> statement-breakpoint
CREATE TABLE `ledger` (
	`clinic_id` text NOT NULL,
	`id` text NOT NULL,
	`doc` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer NOT NULL,
	`received_at` integer NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`amount_minor` integer NOT NULL,
	PRIMARY KEY(`clinic_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `ledger_seq_idx` ON `ledger` (`clinic_id`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_id_idx` ON `ledger` (`id`);--> statement-breakpoint
CREATE TABLE `patients` (
	`clinic_id` text NOT NULL,
	`id` text NOT NULL,
	`doc` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer NOT NULL,
	`received_at` integer NOT NULL,
	`phone` text NOT NULL,
	PRIMARY KEY(`clinic_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `patients_seq_idx` ON `patients` (`clinic_id`,`seq`);--> statement-breakpoint
CREATE INDEX `patients_id_idx` ON `patients` (`id`);--> statement-breakpoint
CREATE TABLE `sync_counter` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
