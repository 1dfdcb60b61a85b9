using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class LeadsAndContactLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Addresses",
                table: "Contacts",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Emails",
                table: "Contacts",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "MiddleName",
                table: "Contacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NamePrefix",
                table: "Contacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameSuffix",
                table: "Contacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phones",
                table: "Contacts",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            Oro.Opportunities.Data.MigrationSteps.ContactListsData.MoveSecondaryValuesIntoLists(migrationBuilder);

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
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecondaryPhone",
                table: "Contacts",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            Oro.Opportunities.Data.MigrationSteps.ContactListsData.MoveListsIntoSecondaryValues(migrationBuilder);

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
