// Name lists for the synthetic demo school: common names across the communities of English primaries,
// with some accented spellings so pupil lookup has to cope with them.
export const FIRST_NAMES_F = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Ivy', 'Freya', 'Lily', 'Florence', 'Mia', 'Willow', 'Rosie', 'Sophia',
  'Isabella', 'Grace', 'Daisy', 'Sienna', 'Poppy', 'Elsie', 'Emily', 'Ella', 'Evelyn', 'Phoebe', 'Sofia',
  'Evie', 'Charlotte', 'Harper', 'Millie', 'Matilda', 'Maryam', 'Aisha', 'Zara', 'Amira', 'Hana', 'Chloé',
  'Zoë', 'Niamh', 'Aoife', 'Maja', 'Zuzanna', 'Amara', 'Priya', 'Anaya', 'Fatima', 'Nora', 'Léa',
];
export const FIRST_NAMES_M = [
  'Muhammad', 'Noah', 'Oliver', 'George', 'Leo', 'Arthur', 'Oscar', 'Theodore', 'Freddie', 'Theo', 'Harry',
  'Finley', 'Archie', 'Henry', 'Jack', 'Alfie', 'Charlie', 'Luca', 'Teddy', 'Tommy', 'Hudson', 'Ibrahim',
  'Yusuf', 'Ali', 'Omar', 'Kai', 'Reuben', 'Jude', 'Elijah', 'Zain', 'Arjun', 'Rohan', 'Kacper', 'Jakub',
  'Oisín', 'Seán', 'Mateo', 'Samuel', 'Joshua', 'Isaac', 'Ezra', 'Kofi', 'Tariq', 'Dylan', 'Rhys',
];
export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson',
  'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark',
  'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Ahmed', 'Ali', 'Begum', 'Hussain',
  'Singh', 'Kaur', 'Nowak', 'Kowalski', 'Murphy', "O'Brien", 'Okafor', 'Mensah', 'Adeyemi', 'Nguyen',
  'Rossi', 'García', 'Müller', 'Novák', 'Popescu', 'Chen', 'Begović', 'Shah', 'Mahmood', 'Sharma',
];
export const ADULT_NAMES_F = ['Sarah', 'Emma', 'Laura', 'Gemma', 'Nadia', 'Samira', 'Joanne', 'Kerry', 'Agnieszka', 'Funmi', 'Rebecca', 'Claire', 'Shabana', 'Lucy', 'Hannah'];
export const ADULT_NAMES_M = ['David', 'James', 'Mark', 'Daniel', 'Imran', 'Tomasz', 'Craig', 'Kwame', 'Paul', 'Wayne', 'Asif', 'Chris', 'Matthew', 'Adam', 'Gareth'];
