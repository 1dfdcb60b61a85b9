using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LeadsAndContactLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LeadId",
                table: "Opportunities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ImportJobs",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "opportunities");

            migrationBuilder.AddColumn<string>(
                name: "Addresses",
                table: "Contacts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Emails",
                table: "Contacts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "MiddleName",
                table: "Contacts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NamePrefix",
                table: "Contacts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameSuffix",
                table: "Contacts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phones",
                table: "Contacts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // The data step runs before AddForeignKey below: on SQLite that operation is a rebuild of
            // Opportunities, which EF Core performs at the end of the migration, and SQL written after an
            // operation that needs a rebuild is run before it, with a warning per statement ("the database may
            // not be in an expected state"). These statements touch Contacts only, so running them here
            // gives the same result without the warnings (issue 23); the other providers keep the order.
            Oro.Opportunities.Data.MigrationSteps.ContactListsData.MoveSecondaryValuesIntoLists(migrationBuilder);

            migrationBuilder.CreateTable(
                name: "Leads",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    ContactId = table.Column<int>(type: "INTEGER", nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    NumberOfEmployees = table.Column<int>(type: "INTEGER", nullable: true),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SourceCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StatusCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Twitter = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    LinkedIn = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    OwnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    NamePrefix = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MiddleName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameSuffix = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    JobTitle = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Emails = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "[]"),
                    Phones = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "[]"),
                    Addresses = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "[]")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Leads_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Leads_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Leads_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_LeadId",
                table: "Opportunities",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_AccountId",
                table: "Leads",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_ContactId",
                table: "Leads",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_CreatedAt_Id",
                table: "Leads",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_LastName_FirstName",
                table: "Leads",
                columns: new[] { "LastName", "FirstName" });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_Name",
                table: "Leads",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_OwnerId",
                table: "Leads",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_OwnerId_StatusCode_CreatedAt",
                table: "Leads",
                columns: new[] { "OwnerId", "StatusCode", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_StatusCode_CreatedAt_Id",
                table: "Leads",
                columns: new[] { "StatusCode", "CreatedAt", "Id" });

            migrationBuilder.AddForeignKey(
                name: "FK_Opportunities_Leads_LeadId",
                table: "Opportunities",
                column: "LeadId",
                principalTable: "Leads",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.DropColumn(
                name: "SecondaryEmail",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "SecondaryPhone",
                table: "Contacts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SecondaryEmail",
                table: "Contacts",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecondaryPhone",
                table: "Contacts",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            Oro.Opportunities.Data.MigrationSteps.ContactListsData.MoveListsIntoSecondaryValues(migrationBuilder);

            migrationBuilder.DropForeignKey(
                name: "FK_Opportunities_Leads_LeadId",
                table: "Opportunities");

            migrationBuilder.DropTable(
                name: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_LeadId",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "LeadId",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "Addresses",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Emails",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "MiddleName",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "NamePrefix",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "NameSuffix",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Phones",
                table: "Contacts");
        }
    }
}
